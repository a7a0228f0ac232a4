/**
 * The catalogue of error codes. A released code never changes meaning; the HTTP status
 * belongs to the code so the server and the console agree on it.
 */
export const errorStatus = {
  'request.invalid': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'request.not_found': 404,
  internal: 500,
  'server.shutting_down': 503,
  /** A dependency (the database, or Redis for a fail-closed limit) is unreachable: retry after Retry-After. */
  'service.unavailable': 503,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  /** Too many failed log-ins for this identifier or account: try again after Retry-After (issue 13 point 3). */
  'auth.throttled': 429,
  /** The hard stop: only a password reset lets this account's password in again. */
  'auth.locked': 429,
  /** SECURITY_PROFILE=mlps with PASSWORD_MAX_AGE_DAYS: the right password is too old; reset it. */
  'auth.password_expired': 403,
  /** SECURITY_PROFILE=mlps: a certified enterprise account (or staff) must enrol a second factor first. */
  'auth.second_factor_enrollment_required': 403,
  'auth.csrf_rejected': 403,
  'auth.forbidden': 403,
  'verification_code.invalid': 400,
  'verification_code.throttled': 429,
  'password.too_short': 400,
  'password.too_long': 400,
  'password.too_common': 400,
  'password.contains_personal_info': 400,
  /** SECURITY_PROFILE=mlps: at least {classes} of the four character classes. */
  'password.too_simple': 400,
  /** SECURITY_PROFILE=mlps: one of the last {count} passwords. */
  'password.reused': 400,
  'phone.invalid': 400,
  'phone.sms_unavailable': 403,
  'phone.region_not_allowed': 400,
  'challenge.required': 400,
  'challenge.invalid': 400,
  'email.invalid': 400,
  'account.contact_unavailable': 409,
  'account.phone_unchanged': 400,
  'account.email_unchanged': 400,
  'ticket.invalid': 400,
  'password.current_incorrect': 400,
  'username.invalid': 400,
  'username.taken': 409,
  'auth.mfa_required': 401,
  'auth.password_change_required': 403,
  'mfa.code_invalid': 400,
  'mfa.already_enrolled': 409,
  'mfa.not_enrolled': 409,
  'mfa.identity_mismatch': 403,
  'passkey.invalid': 400,
  /** The right password (and second factor) of an account pending deletion: details.eraseAfter, details.cancelToken. */
  'account.pending_deletion': 409,
  'deletion.username_mismatch': 400,
  'deletion.second_factor_required': 400,
  'passkey.limit': 409,
  'passkey.throttled': 429,
  'data_export.too_soon': 429,
  'certification.invalid_credit_code': 400,
  'certification.invalid_id_number': 400,
  'certification.invalid_name': 400,
  'certification.immutable': 409,
  'certification.already_decided': 409,
  'certification.identity_unavailable': 409,
  'certification.identity_conflict': 409,
  'upload.type_not_allowed': 400,
  'upload.too_large': 413,
  'upload.too_many_pixels': 400,
  'upload.unreadable': 400,
  'upload.pdf_active_content': 400,
  'app.not_found': 404,
  'app.not_certified': 403,
  'app.key_not_found': 404,
  'app.key_limit': 409,
  'device.not_found': 404,
  'device.id_taken': 409,
  'device.quota_exceeded': 409,
  'open_api.header_invalid': 401,
  'open_api.key_invalid': 401,
  'open_api.key_disabled': 401,
  'open_api.signature_invalid': 401,
  'open_api.timestamp_skew': 401,
  'open_api.nonce_replayed': 401,
  'open_api.account_disabled': 403,
  'rate_limit.exceeded': 429,
  'data_key.missing': 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
