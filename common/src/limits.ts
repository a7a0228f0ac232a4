/**
 * Every field limit and the password policy, in one place: the server's schemas and rules read
 * them from here, and the console shows the values the server reports at GET /api/v1/settings
 * (the configured ones), falling back to these defaults until that answer arrives.
 */

/** Passwords (PRODUCT "Accounts"): the minimum is configurable within these bounds. */
export const PASSWORD_POLICY = {
  /** The default of PASSWORD_MIN_LENGTH. */
  minDefault: 8,
  /** PASSWORD_MIN_LENGTH may be set from `minFloor` to `minCeiling`. */
  minFloor: 8,
  minCeiling: 64,
  /** Code points, after NFKC. */
  max: 128,
} as const;

/** Length limits of the certification form's text fields (code points, trimmed), and the upload cap. */
export const certificationLimits = {
  companyName: { min: 2, max: 100 },
  address: { min: 2, max: 200 },
  contactName: { min: 2, max: 50 },
  realName: { min: 2, max: 50 },
  rejectReason: { min: 1, max: 256 },
  uploadBytes: 5 * 1024 * 1024,
} as const;

/** Length limits of the other fields a person types. */
export const FIELD_LIMITS = {
  username: { min: 3, max: 32 },
  appName: { min: 1, max: 50 },
  appDescription: { min: 0, max: 500 },
  reviewSearch: { min: 1, max: 100 },
  certification: certificationLimits,
} as const;

/** The verification-code policy's public part (the server's CODE_POLICY holds the rest). */
export const CODE_LIMITS = {
  length: 6,
  resendCooldownSeconds: 60,
  ttlSecondsDefault: 300,
} as const;

/**
 * Delete my account (PIPL Art. 47): the days between the request (the account is deactivated at
 * once) and the erase. The server's DELETION_COOLING_OFF_DAYS is this; the console shows it.
 */
export const ACCOUNT_DELETION = { coolingOffDays: 15 } as const;

/**
 * How long a proof-of-work challenge (GET /api/v1/challenges) stays valid, on the server's
 * clock: long enough to fill in a form while the widget solves in the background.
 */
export const CHALLENGE_TTL_SECONDS = 600;
