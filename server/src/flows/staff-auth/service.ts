import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import type { Totp } from '../../platform/totp.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Passkeys } from '../second-factor/passkeys.js';

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
}) {
  const { db, clock, accounts, sessions, totp, passkeys, audit } = deps;

  const load = async (me: SessionAccount) => {
    if (me.role === 'developer') throw new AppError('auth.forbidden');
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  return {
    async step(accountId: string): Promise<'setup' | 'verify'> {
      const account = await accounts.findById(db, accountId);
      return account?.totp_enabled_at ? 'verify' : 'setup';
    },

    /** A new secret for an account without a confirmed authenticator; confirmed by the first good code. */
    async setup(me: SessionAccount) {
      const account = await load(me);
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      return totp.newSecret(db, account);
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
