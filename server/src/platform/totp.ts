import { Secret, TOTP } from 'otpauth';
import type { AccountRow, AccountsRepository } from './accounts.js';
import type { Queryable } from './db/index.js';
import { isThrottled, LOGIN_THROTTLE, type ThrottlePolicy } from './throttle.js';
import type { Vault } from './vault.js';

const ISSUER = 'AIoT Developer Platform';

/** How long an unconfirmed secret is handed out again by repeated set-up calls. */
export const TOTP_SETUP_TTL_MS = 15 * 60_000;

const totpFor = (secret: Secret, label: string) =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret });

/**
 * RFC 6238 TOTP for staff and developers alike: secrets sealed by the vault in
 * `accounts.totp_secret`, a code accepted once per account (its time step must be newer than the
 * last one used, checked in the UPDATE), and wrong codes feeding the same per-account throttle
 * as passwords (SECURITY 14, 16).
 */
export function createTotp(deps: { accounts: AccountsRepository; vault: Vault; throttle?: ThrottlePolicy }) {
  const { accounts, vault } = deps;
  const throttle = deps.throttle ?? LOGIN_THROTTLE;
  return {
    /**
     * The secret for an account without a confirmed authenticator (stored sealed), and what an
     * authenticator app needs. While unconfirmed and younger than TOTP_SETUP_TTL_MS it is the
     * same secret each time (a reload must not void a QR code already scanned); after that a new
     * one replaces it.
     */
    async newSecret(q: Queryable, account: AccountRow, now: Date) {
      const fresh =
        account.totp_secret !== null &&
        account.totp_secret_set_at !== null &&
        now.getTime() - account.totp_secret_set_at.getTime() < TOTP_SETUP_TTL_MS;
      const secret = fresh ? Secret.fromBase32(vault.open(account.totp_secret!)) : new Secret({ size: 20 });
      if (!fresh) await accounts.setTotpSecret(q, account.id, vault.seal(secret.base32), now);
      return {
        secret: secret.base32,
        otpauthUrl: totpFor(secret, account.email ?? account.phone ?? account.username).toString(),
      };
    },

    /**
     * True when `code` is a current code of the account's secret not used before, and records its
     * step (which confirms a new authenticator and clears the failure counter). A wrong or replayed
     * code counts as a failed log-in; while the account is throttled even the right code fails.
     */
    async verify(q: Queryable, account: AccountRow, code: string, now: Date): Promise<boolean> {
      if (!account.totp_secret) return false;
      if (isThrottled(account.failed_login_count, account.last_failed_login_at, now, throttle)) return false;
      const totp = totpFor(Secret.fromBase32(vault.open(account.totp_secret)), account.username);
      const delta = /^\d{6}$/.test(code) ? totp.validate({ token: code, timestamp: now.getTime(), window: 1 }) : null;
      const step = totp.counter({ timestamp: now.getTime() }) + (delta ?? 0);
      // The step only moves forward: two requests with the same code cannot both pass.
      if (delta !== null && (await accounts.advanceTotpStep(q, account.id, step, now))) return true;
      await accounts.recordLoginFailure(q, account.id, now);
      return false;
    },
  };
}

export type Totp = ReturnType<typeof createTotp>;
