import { FIELD_LIMITS } from './limits.js';

const { min, max } = FIELD_LIMITS.username;

/**
 * Usernames: 3–32 characters of ASCII letters, digits, `_`, `-` and Chinese (Han) characters,
 * after NFKC. Other scripts are left out on purpose: look-alike letters (Cyrillic `а` for
 * Latin `a`) would let one developer pose as another. Unique case-insensitively.
 */
export const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9_\\-\\p{Script=Han}]{${min},${max}}$`, 'u');

export function normalizeUsername(input: string): string {
  return input.normalize('NFKC').trim();
}

export function isValidUsername(input: string): boolean {
  return USERNAME_PATTERN.test(normalizeUsername(input));
}
