import { toE164 } from '@devplat/common/phone';
import { AppError } from './errors.js';

export type Contact = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** E.164 from what a person typed; default region CN (+86). Null when not a valid number. */
export function parsePhone(input: string): string | null {
  return toE164(input); // the console's very same check (common/src/phone.ts)
}

// A pragmatic address check (WHATWG's input[type=email] rule), length-capped by RFC 5321.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Lower-cased email, or null when not an address. */
export function parseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

export function requirePhone(input: string): string {
  const phone = parsePhone(input);
  if (!phone) throw new AppError('phone.invalid');
  return phone;
}

export function requireEmail(input: string): string {
  const email = parseEmail(input);
  if (!email) throw new AppError('email.invalid');
  return email;
}

/** An identifier that is either an email (contains @) or a phone number. */
export function parseContact(input: string): Contact | null {
  if (input.includes('@')) {
    const email = parseEmail(input);
    return email ? { kind: 'email', value: email } : null;
  }
  const phone = parsePhone(input);
  return phone ? { kind: 'phone', value: phone } : null;
}

export function requireContact(input: string): Contact {
  const contact = parseContact(input);
  if (!contact) throw new AppError(input.includes('@') ? 'email.invalid' : 'phone.invalid');
  return contact;
}
