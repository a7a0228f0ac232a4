/**
 * Check characters of Chinese identity numbers (SECURITY 32–33). Both take what a person typed
 * and return the normalised value, or null when it is not a valid number.
 */

/** GB 32100-2015 unified social credit code: 18 characters, the 18th a check character. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I O Z S V; value = index (0–30)
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normalizeCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check] === code[17] ? code : null;
}

/** GB 11643-1999 resident ID: 17 digits + ISO 7064 MOD 11-2 check (0–9 or X), real past birth date. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function normalizeIdNumber(input: string, today: Date): string | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]) return null;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  const real = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!real || y < 1800 || birth.getTime() > today.getTime()) return null;
  return id;
}

/** `110105********002X`: the region (6) and the last 4 stay, the rest is hidden. */
export function maskIdentity(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}
