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

/**
 * A mainland number as people write it: mobiles in 3-4-4 (`138 0013 8000`), landlines with
 * their area code and a dash (`0592-1234567`, `010-12345678`: Beijing 10 and the 2x cities have
 * two-digit codes, every other city three). Other countries' numbers stay in E.164. No metadata
 * needed: the server only stores numbers it has validated.
 */
export function formatPhoneNational(e164: string): string {
  if (!/^\+86\d{7,12}$/.test(e164)) return e164;
  const national = e164.slice(3);
  if (/^1\d{10}$/.test(national)) return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  const areaLength = /^(10|2\d)/.test(national) ? 2 : 3;
  return `0${national.slice(0, areaLength)}-${national.slice(areaLength)}`;
}
