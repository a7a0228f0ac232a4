/**
 * Per-account progressive delay (SECURITY 14, NIST 800-63B 5.2.2): the first few failures
 * cost nothing; from the fifth in a row, each further try must wait 1 s, 2 s, 4 s … up to
 * 15 minutes; at 100 in a row the account stops accepting passwords until the password is
 * reset (forgot-password keeps working) or an admin clears it.
 */
export const LOGIN_THROTTLE = { freeFailures: 4, maxDelaySeconds: 15 * 60, hardStop: 100 } as const;

/** Seconds an account must wait after `failures` failures in a row; Infinity at the hard stop. */
export function delayAfter(failures: number): number {
  if (failures >= LOGIN_THROTTLE.hardStop) return Infinity;
  if (failures <= LOGIN_THROTTLE.freeFailures) return 0;
  return Math.min(2 ** (failures - LOGIN_THROTTLE.freeFailures - 1), LOGIN_THROTTLE.maxDelaySeconds);
}

/** True while the account must not accept a password. */
export function isThrottled(failures: number, lastFailure: Date | null, now: Date): boolean {
  const delay = delayAfter(failures);
  if (delay === 0 || !lastFailure) return false;
  return now.getTime() < lastFailure.getTime() + delay * 1000;
}
