/**
 * The catalogue of error codes. A released code never changes meaning; the HTTP status
 * belongs to the code so the server and the console agree on it.
 */
export const errorStatus = {
  'request.invalid': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'request.not_found': 404,
  'rate_limit.exceeded': 429,
  internal: 500,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.csrf_rejected': 403,
  'auth.forbidden': 403,
  'verification_code.invalid': 400,
  'verification_code.throttled': 429,
  'password.too_short': 400,
  'password.too_long': 400,
  'password.too_common': 400,
  'password.contains_personal_info': 400,
  'phone.invalid': 400,
  'email.invalid': 400,
  'account.contact_unavailable': 409,
  'ticket.invalid': 400,
  'password.current_incorrect': 400,
  'username.invalid': 400,
  'username.taken': 409,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
