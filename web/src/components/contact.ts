type PhoneModule = typeof import('@devplat/common/phone');

/**
 * The server's own phone check (common/src/phone.ts, the same libphonenumber metadata), loaded
 * on first use in its own chunk: the metadata is a fifth of a signed-out page's JavaScript, and
 * nobody needs it before typing a phone number. Every phone validator awaits `loadPhone()`, so
 * by the time a form is submitted `toE164` is ready.
 */
let phone: PhoneModule | null = null;
let loading: Promise<PhoneModule> | null = null;

export function loadPhone(): Promise<PhoneModule> {
  loading ??= import('@devplat/common/phone').then((module) => (phone = module));
  return loading;
}

/** E.164 or null; only after `loadPhone()` resolved (a phone validator ran). */
export function toE164(input: string): string | null {
  if (!phone) throw new Error('toE164 before loadPhone()');
  return phone.toE164(input);
}

/** A plausible address; the server has the last word. */
export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim());
}

/** What the log-in field sends: an email as typed, a phone in E.164 when it parses, else as typed. */
export async function normalizeIdentifier(input: string): Promise<string> {
  const value = input.trim();
  if (value.includes('@')) return value;
  return (await loadPhone()).toE164(value) ?? value;
}
