import type { ErrorCode } from './codes.js';

/** Error messages in English. `{name}` is filled from details. */
export const en: Record<ErrorCode, string> = {
  'request.invalid': 'The request is not valid: {field}',
  'request.unsupported_media_type': 'Unsupported request format; send application/json',
  'request.too_large': 'The request is too large',
  'request.not_found': 'The requested resource does not exist',
  'rate_limit.exceeded': 'Too many requests; try again in {retryAfterSeconds} s',
  internal: 'Internal error; please try again later',
  'auth.required': 'Please log in first',
  'auth.invalid_credentials': 'Wrong account or password',
  'auth.csrf_rejected': 'The request came from an untrusted origin and was refused',
  'auth.forbidden': 'You are not allowed to do this',
  'verification_code.invalid': 'The verification code is wrong or no longer valid; request a new one',
  'verification_code.throttled': 'Too many codes requested; try again in {retryAfterSeconds} s',
  'password.too_short': 'The password must have at least {min} characters',
  'password.too_long': 'The password must have at most {max} characters',
  'password.too_common': 'This password is too common or known from breaches; choose another',
  'password.contains_personal_info': 'The password must not contain your phone number, email or username',
  'phone.invalid': 'The phone number is not valid',
  'email.invalid': 'The email address is not valid',
  'account.contact_unavailable': 'This phone number or email cannot be used; use another or log in',
  'ticket.invalid': 'This step has expired or is not valid; start again from the first step',
  'password.current_incorrect': 'The current password is wrong',
  'username.invalid': 'A username has 3–32 letters, digits, Chinese characters, underscores or hyphens',
  'username.taken': 'This username is taken',
};
