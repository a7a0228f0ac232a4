import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import type { Totp } from '../../platform/totp.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Passkeys } from '../second-factor/passkeys.js';
import type { PasswordChangeService } from '../password-change/service.js';

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
  totp: Totp;
  passkeys: Passkeys;
  audit: Audit;
  /** The change-password rule (current password required, throttled), for the first password. */
  changePassword: PasswordChangeService['change'];
}) {
  const { db, clock, accounts, sessions, totp, passkeys, audit } = deps;

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

    /** The secret for an account without a confirmed authenticator (see Totp.newSecret); confirmed by the first good code. */
    async setup(me: SessionAccount) {
      const account = await load(me);
      if (account.password_change_required) throw new AppError('auth.password_change_required');
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      return totp.newSecret(db, account, clock.now());
    },

    async verify(me: SessionAccount, code: string, ctx: RequestContext) {
      const account = await load(me);
      if (!(await totp.verify(db, account, code, clock.now()))) {
        await audit.record(ctx, { event: 'mfa.verify', outcome: 'failure', accountId: account.id });
        throw new AppError('mfa.code_invalid');
      }
      await audit.record(ctx, {
        event: 'mfa.verify',
        outcome: 'success',
        accountId: account.id,
        details: { enrolled: !account.totp_enabled_at },
      });
      await sessions.passMfa(me.sessionId);
    },

    /** Staff with a passkey may use it as the second factor instead of the TOTP. */
    async passkeyOptions(me: SessionAccount) {
      const account = await load(me);
      return passkeys.authenticationOptions('second_factor', account.id);
    },

    async verifyPasskey(me: SessionAccount, response: AuthenticationResponseJSON, ctx: RequestContext) {
      const account = await load(me);
      try {
        await passkeys.authenticate(response, 'second_factor', account.id);
      } catch (error) {
        await audit.record(ctx, { event: 'mfa.verify', outcome: 'failure', accountId: account.id });
        throw error;
      }
      await audit.record(ctx, {
        event: 'mfa.verify',
        outcome: 'success',
        accountId: account.id,
        details: { method: 'passkey' },
      });
      await sessions.passMfa(me.sessionId);
    },
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
