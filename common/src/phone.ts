import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers, parsed the same way by the server and the console: one function on the same
 * libphonenumber-js metadata ("max": validity by the number plan's patterns, not only by
 * length), so the console never accepts a number the server refuses, or the other way round.
 */

/** Mainland China is the default region: 13800138000 means +8613800138000. */
export const DEFAULT_PHONE_REGION = 'CN';

/** The number in E.164 (+8613800138000), or null when it is not a valid phone number. */
export function toE164(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), DEFAULT_PHONE_REGION);
  return parsed && parsed.isValid() ? parsed.number : null;
}
