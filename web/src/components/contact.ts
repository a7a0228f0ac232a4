import { toE164 } from '@devplat/common';

/** The server's own phone check (same metadata), re-exported for the console's forms. */
export { toE164 };

/** A plausible address; the server has the last word. */
export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim());
}

/** What the log-in field sends: an email as typed, a phone in E.164 when it parses, else as typed. */
export function normalizeIdentifier(input: string): string {
  const value = input.trim();
  if (value.includes('@')) return value;
  return toE164(value) ?? value;
}
