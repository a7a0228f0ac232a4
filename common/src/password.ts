/**
 * The password rules shared by the server and the console, so the console's inline check
 * says exactly what the server will say. The server adds the common/breached list check
 * (the list is large and stays server-side).
 */

import { PASSWORD_POLICY } from './limits.js';

export const PASSWORD_MAX = PASSWORD_POLICY.max;
export const PASSWORD_MIN_DEFAULT = PASSWORD_POLICY.minDefault;

export type PasswordProblem =
  | { code: 'password.too_short'; details: { min: number } }
  | { code: 'password.too_long'; details: { max: number } }
  | { code: 'password.contains_personal_info'; details: Record<string, never> }
  | { code: 'password.too_simple'; details: { classes: number } };

/**
 * The four character classes MLPS 2.0 counts (GB/T 22239-2019 8.1.4.1 a, "complexity"):
 * upper-case letters, lower-case letters, digits, and everything else (symbols, spaces, CJK).
 * SECURITY_PROFILE=mlps asks for `PASSWORD_CLASSES_MLPS` of them; the nist default asks for none
 * (NIST 800-63B 5.1.1.2: no composition rules).
 */
export const PASSWORD_CLASSES_MLPS = 3;

export function characterClasses(password: string): number {
  const normalized = normalizePassword(password);
  let upper = false;
  let lower = false;
  let digit = false;
  let other = false;
  for (const ch of normalized) {
    if (/\p{Lu}/u.test(ch)) upper = true;
    else if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{Nd}/u.test(ch)) digit = true;
    else other = true;
  }
  return Number(upper) + Number(lower) + Number(digit) + Number(other);
}

/** NFKC, as the password is hashed and compared (SECURITY 2). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Length in Unicode code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The parts of the account's own contacts and name a password may not contain: the phone's
 * digits (national and international), the email local part and its pieces, the username.
 * Only parts of 4+ characters count, so short fragments don't reject good passwords.
 */
export function personalWords(context: {
  phone?: string | null;
  email?: string | null;
  username?: string | null;
}): string[] {
  const words = new Set<string>();
  const add = (word: string | undefined) => {
    if (word && word.length >= 4) words.add(word.toLowerCase());
  };
  if (context.phone) {
    const digits = context.phone.replace(/\D/g, '');
    add(digits);
    // Mainland numbers are typed without the country code; drop it (+86 → 11 national digits).
    if (context.phone.startsWith('+86')) add(digits.slice(2));
    else if (digits.length > 8) add(digits.slice(-8));
  }
  if (context.email) {
    const local = context.email.split('@')[0] ?? '';
    add(local);
    for (const piece of local.split(/[^\p{L}\p{N}]+/u)) add(piece);
  }
  if (context.username) {
    add(context.username);
  }
  return [...words];
}

/**
 * Length, character classes (`minClasses`, 0 unless SECURITY_PROFILE=mlps) and personal-information
 * rules (the common-list check is the server's).
 */
export function checkPasswordShape(
  password: string,
  options: { min: number; minClasses?: number; context: Parameters<typeof personalWords>[0] },
): PasswordProblem | null {
  const normalized = normalizePassword(password);
  const length = codePointLength(normalized);
  if (length < options.min) return { code: 'password.too_short', details: { min: options.min } };
  if (length > PASSWORD_MAX) return { code: 'password.too_long', details: { max: PASSWORD_MAX } };
  const minClasses = options.minClasses ?? 0;
  if (minClasses > 0 && characterClasses(normalized) < minClasses) {
    return { code: 'password.too_simple', details: { classes: minClasses } };
  }
  const lower = normalized.toLowerCase();
  if (personalWords(options.context).some((word) => lower.includes(word))) {
    return { code: 'password.contains_personal_info', details: {} };
  }
  return null;
}
