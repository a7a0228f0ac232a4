/**
 * Developer certification: the check characters of Chinese identity numbers (SECURITY 32–33) and
 * the API's certification bodies. The server and the console both import these functions from
 * here, so there is one implementation of each check.
 */

/** GB 32100-2015 unified social credit code: 18 characters, the 18th a check character. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I O Z S V; value = index (0–30)
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The code upper-cased and trimmed, or null when it is not a valid credit code. */
export function normalizeCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check) === code.charAt(17) ? code : null;
}

/** GB 11643-1999 resident ID: 17 digits + ISO 7064 MOD 11-2 check (0–9 or X), real past birth date. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The number upper-cased and trimmed, or null when it is not a valid resident ID number. */
export function normalizeIdNumber(input: string, today: Date): string | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK.charAt(sum % 11) !== id.charAt(17)) return null;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  const real = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!real || y < 1800 || birth.getTime() > today.getTime()) return null;
  return id;
}

/** `110105********002X`: the region (6) and the last 4 stay, the rest is hidden. */
export function maskIdentity(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(Math.max(0, value.length - 10))}${value.slice(-4)}`;
}

export { certificationLimits } from './limits.js';

/**
 * What a real name (个人 姓名, 联系人) or a company name may hold: what an ID card or a business
 * licence can carry. Chinese characters (Han script), Latin letters (accents included), digits,
 * the middle dot of minority and transliterated names (·, U+00B7), spaces, brackets （）() and
 * - & . — so no emoji, no `<` `>`, no other symbols. Server and console check the same pattern.
 */
export const NAME_PATTERN = /^[\p{Script=Han}\p{Script=Latin}0-9０-９·\u0020()（）&.-]+$/u;

export function isValidName(value: string): boolean {
  return NAME_PATTERN.test(value.trim());
}

export type DeveloperType = 'enterprise' | 'personal';
export type CertificationState = 'unsubmitted' | 'pending' | 'approved' | 'rejected';
export type UploadKind = 'business_licence' | 'id_front' | 'id_back';

// The bodies of the certification and review endpoints (status, submission, view, queue, detail)
// are not declared here: the server's TypeBox schemas define them, and the console takes them
// from the generated web/src/api/schema.d.ts (names in web/src/api/types.ts).
