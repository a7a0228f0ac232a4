/**
 * How failed log-ins slow the next try. Two policies, picked by SECURITY_PROFILE (config.ts):
 *
 * - `LOGIN_THROTTLE` (nist, the default; SECURITY 14, NIST 800-63B 5.2.2): the first few failures
 *   cost nothing; from the fifth in a row, each further try must wait 1 s, 2 s, 4 s … up to 15
 *   minutes; at 100 in a row the account stops accepting passwords until the password is reset
 *   (forgot-password keeps working) or an admin clears it.
 * - `MLPS_LOGIN_LOCK` (mlps; GB/T 22239-2019 8.1.4.1 b): from the fifth failure in a row the
 *   account is locked for 30 minutes after each failure; the same hard stop at 100.
 *
 * The same policy counts per account and per typed identifier (issue 13 point 3, SECURITY 14).
 */
export interface ThrottlePolicy {
  readonly freeFailures: number;
  readonly maxDelaySeconds: number;
  readonly hardStop: number;
  /** A fixed lock instead of the doubling delay (seconds); null: progressive. */
  readonly lockSeconds: number | null;
}

export const LOGIN_THROTTLE = {
  freeFailures: 4,
  maxDelaySeconds: 15 * 60,
  hardStop: 100,
  lockSeconds: null,
} as const satisfies ThrottlePolicy;

export const MLPS_LOGIN_LOCK = {
  freeFailures: 4,
  maxDelaySeconds: 30 * 60,
  hardStop: 100,
  lockSeconds: 30 * 60,
} as const satisfies ThrottlePolicy;

/** Seconds an account must wait after `failures` failures in a row; Infinity at the hard stop. */
export function delayAfter(failures: number, policy: ThrottlePolicy = LOGIN_THROTTLE): number {
  if (failures >= policy.hardStop) return Infinity;
  if (failures <= policy.freeFailures) return 0;
  if (policy.lockSeconds !== null) return policy.lockSeconds;
  return Math.min(2 ** (failures - policy.freeFailures - 1), policy.maxDelaySeconds);
}

/**
 * Whole seconds still to wait before a password is accepted: 0 when none, Infinity at the hard
 * stop (only a password reset clears it).
 */
export function waitSeconds(
  failures: number,
  lastFailure: Date | null,
  now: Date,
  policy: ThrottlePolicy = LOGIN_THROTTLE,
): number {
  const delay = delayAfter(failures, policy);
  if (delay === 0 || !lastFailure) return 0;
  if (delay === Infinity) return Infinity;
  const left = lastFailure.getTime() + delay * 1000 - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/** True while the account must not accept a password. */
export function isThrottled(
  failures: number,
  lastFailure: Date | null,
  now: Date,
  policy: ThrottlePolicy = LOGIN_THROTTLE,
): boolean {
  return waitSeconds(failures, lastFailure, now, policy) > 0;
}
