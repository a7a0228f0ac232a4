import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { PasswordUpdater } from '../../platform/password-update.js';
import type { Passwords } from '../../platform/passwords.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import { isThrottled, LOGIN_THROTTLE, type ThrottlePolicy } from '../../platform/throttle.js';

/** Change password (PRODUCT flow 7): the current password is required and guessed no faster than at log-in. */
export function createPasswordChangeService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  updatePassword: PasswordUpdater;
  audit: Audit;
  /** The profile's throttle (LOGIN_THROTTLE by default). */
  throttle?: ThrottlePolicy;
}) {
  const { db, clock, accounts, passwords, updatePassword, audit } = deps;
  const throttle = deps.throttle ?? LOGIN_THROTTLE;
  return {
    async change(me: SessionAccount, input: { currentPassword: string; newPassword: string }, ctx: RequestContext) {
      const account = await accounts.findById(db, me.accountId);
      if (!account) throw new AppError('auth.required');
      const ok = await passwords.verify(account.password_hash, input.currentPassword);
      // Wrong current passwords feed the same counter as log-in failures (SECURITY 5), and a
      // throttled account is refused here exactly as at log-in.
      if (!ok || isThrottled(account.failed_login_count, account.last_failed_login_at, clock.now(), throttle)) {
        if (!ok) await accounts.recordLoginFailure(db, account.id, clock.now());
        await audit.record(ctx, { event: 'password.change', outcome: 'failure', accountId: account.id });
        throw new AppError('password.current_incorrect');
      }
      const ended = await updatePassword(account, input.newPassword, ctx, {
        kind: 'password_changed',
        keepSession: me.sessionId,
      });
      return { otherSessionsEnded: ended };
    },
  };
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
