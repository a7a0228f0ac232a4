import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Mainland China is the default region: 13800138000 means +8613800138000. */
const DEFAULT_REGION = 'CN';

/** The number in E.164 (+8613800138000), or null when it is not a valid phone number. */
export function toE164(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), DEFAULT_REGION);
  return parsed && parsed.isValid() ? parsed.number : null;
}

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
