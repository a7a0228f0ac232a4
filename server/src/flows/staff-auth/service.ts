import { Secret, TOTP } from 'otpauth';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import type { Vault } from '../../platform/vault.js';
import type { PasswordChangeService } from '../password-change/service.js';
import { isThrottled } from '../../platform/throttle.js';

const ISSUER = 'AIoT Developer Platform';

const totpFor = (secret: Secret, label: string) =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret });

/**
 * The staff second factor (SECURITY 16): RFC 6238 TOTP, set up at the first log-in, then asked
 * at every log-in. A code is accepted once (its time step must be newer than the last one used),
 * and wrong codes feed the same per-account throttle as passwords.
 */
export function createStaffAuthService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  sessions: Sessions;
  vault: Vault;
  audit: Audit;
  /** The change-password rule (current password required, throttled), for the first password. */
  changePassword: PasswordChangeService['change'];
}) {
  const { db, clock, accounts, sessions, vault, audit } = deps;

  const load = async (me: SessionAccount) => {
    if (me.role === 'developer') throw new AppError('auth.forbidden');
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  return {
    /** The next second-factor step: a new password first (issue 14, finding 8), then TOTP set-up, then codes. */
    async step(accountId: string): Promise<'password' | 'setup' | 'verify'> {
      const account = await accounts.findById(db, accountId);
      if (account?.password_change_required) return 'password';
      return account?.totp_enabled_at ? 'verify' : 'setup';
    },

    /**
     * Replaces the operator-printed first password, still in the half-open session: nobody but
     * the staff member should know the password the authenticator is then bound to.
     */
    async replaceFirstPassword(
      me: SessionAccount,
      input: { currentPassword: string; newPassword: string },
      ctx: RequestContext,
    ) {
      const account = await load(me);
      if (!account.password_change_required) throw new AppError('auth.forbidden');
      await deps.changePassword(me, input, ctx);
    },

    /** A new secret for an account without a confirmed authenticator; confirmed by the first good code. */
    async setup(me: SessionAccount) {
      const account = await load(me);
      if (account.password_change_required) throw new AppError('auth.password_change_required');
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      const secret = new Secret({ size: 20 });
      await accounts.setTotpSecret(db, account.id, vault.seal(secret.base32));
      return {
        secret: secret.base32,
        otpauthUrl: totpFor(secret, account.email ?? account.phone ?? account.username).toString(),
      };
    },

    async verify(me: SessionAccount, code: string, ctx: RequestContext) {
      const account = await load(me);
      if (!account.totp_secret) throw new AppError('mfa.code_invalid');
      const now = clock.now();
      const totp = totpFor(Secret.fromBase32(vault.open(account.totp_secret)), account.username);
      const delta = /^\d{6}$/.test(code) ? totp.validate({ token: code, timestamp: now.getTime(), window: 1 }) : null;
      const step = totp.counter({ timestamp: now.getTime() }) + (delta ?? 0);
      const replay = account.totp_last_step !== null && step <= Number(account.totp_last_step);
      if (delta === null || replay || isThrottled(account.failed_login_count, account.last_failed_login_at, now)) {
        if (delta === null || replay) await accounts.recordLoginFailure(db, account.id, now);
        await audit.record(ctx, { event: 'mfa.verify', outcome: 'failure', accountId: account.id });
        throw new AppError('mfa.code_invalid');
      }
      await db.tx(async (q) => {
        // The step only moves forward: two requests with the same code cannot both pass.
        if (!(await accounts.advanceTotpStep(q, account.id, step, now))) throw new AppError('mfa.code_invalid');
        await audit.record(
          ctx,
          {
            event: 'mfa.verify',
            outcome: 'success',
            accountId: account.id,
            details: { enrolled: !account.totp_enabled_at },
          },
          q,
        );
      });
      await sessions.passMfa(me.sessionId);
    },
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
