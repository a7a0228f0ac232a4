/**
 * Masks for showing contacts: `+8613800138000` → `138****8000`, `alice@example.com` →
 * `a***@example.com`. Shared by the server (messages naming a destination) and the console.
 */
export function maskPhone(e164: string): string {
  const national = e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
  if (national.length < 7) return '*'.repeat(national.length);
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskContact(value: string): string {
  return value.includes('@') ? maskEmail(value) : maskPhone(value);
}
