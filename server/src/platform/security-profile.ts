import { PASSWORD_CLASSES_MLPS } from '@devplat/common';
import type { SecurityProfile } from '../config.js';
import { LOGIN_THROTTLE, MLPS_LOGIN_LOCK, type ThrottlePolicy } from './throttle.js';

/** Passwords a new one may not repeat under SECURITY_PROFILE=mlps, the current one included. */
export const MLPS_PASSWORD_HISTORY = 5;

export interface ProfileRules {
  /** Character classes a password needs (common/src/password.ts). */
  passwordMinClasses: number;
  /** Recent passwords a new one may not repeat; 0: no history kept. */
  passwordHistory: number;
  throttle: ThrottlePolicy;
  /** A certified enterprise developer must enrol TOTP or a passkey before anything else. */
  secondFactorForEnterprise: boolean;
}

/**
 * What SECURITY_PROFILE changes, in one place (docs/compliance.md maps each rule to GB/T
 * 22239-2019 and to its test). Idle time-outs and PASSWORD_MAX_AGE_DAYS are settings, checked
 * against the profile in config.ts; audit retention is at least 180 days under both.
 */
export const PROFILE_RULES: Record<SecurityProfile, ProfileRules> = {
  nist: { passwordMinClasses: 0, passwordHistory: 0, throttle: LOGIN_THROTTLE, secondFactorForEnterprise: false },
  mlps: {
    passwordMinClasses: PASSWORD_CLASSES_MLPS,
    passwordHistory: MLPS_PASSWORD_HISTORY,
    throttle: MLPS_LOGIN_LOCK,
    secondFactorForEnterprise: true,
  },
};
