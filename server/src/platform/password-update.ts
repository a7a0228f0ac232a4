import type { AccountRow, AccountsRepository } from './accounts.js';
import type { Audit, RequestContext } from './audit.js';
import type { Clock } from './clock.js';
import type { Db, Queryable } from './db/index.js';
import { notifyContacts, type Messenger } from './messaging/index.js';
import type { LoginFailures } from './login-failures.js';
import type { PasswordHistoryRepository } from './password-history-repository.js';
import type { Passwords } from './passwords.js';
import { AppError } from './errors.js';
import type { Sessions } from './sessions/index.js';

/**
 * Setting a new password, as reset and change both do: the same rules (SECURITY 3), under
 * SECURITY_PROFILE=mlps none of the last `historySize` passwords (the current one included,
 * each compared with argon2 against its stored hash), a new hash, the failure counters of the
 * account and of its identifiers cleared,
 * the account's sessions ended in the same transaction (SECURITY 21; `keepSession` spares the
 * caller's own), an audit event and a notice to the account's contacts (SECURITY 17).
 */
export function createPasswordUpdater(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  sessions: Sessions;
  messenger: Messenger;
  audit: Audit;
  loginFailures: LoginFailures;
  history: PasswordHistoryRepository;
  /** How many recent passwords a new one may not repeat (the current one included); 0: no history. */
  historySize: number;
}) {
  const { db, clock, accounts, passwords, sessions, messenger, audit, loginFailures, history } = deps;
  return async function updatePassword(
    account: AccountRow,
    newPassword: string,
    ctx: RequestContext,
    how: {
      kind: 'password_reset' | 'password_changed';
      keepSession: string | null;
      /** Runs first inside the transaction (e.g. using up the reset ticket). */
      before?: (q: Queryable) => Promise<unknown>;
    },
  ): Promise<number> {
    passwords.check(newPassword, account);
    if (deps.historySize > 0) {
      const former = [account.password_hash, ...(await history.latest(db, account.id, deps.historySize - 1))];
      for (const hash of former) {
        if (await passwords.verify(hash, newPassword)) {
          throw new AppError('password.reused', { count: deps.historySize });
        }
      }
    }
    const passwordHash = await passwords.hash(newPassword);
    const ended = await db.tx(async (q) => {
      await how.before?.(q);
      if (deps.historySize > 0) {
        await history.push(q, account.id, account.password_hash, clock.now(), deps.historySize - 1);
      }
      await accounts.setPassword(q, account.id, passwordHash, clock.now());
      await loginFailures.clearFor(q, account);
      const count = await sessions.endAllFor(q, account.id, how.kind, how.keepSession);
      const event = how.kind === 'password_reset' ? 'password.reset' : 'password.change';
      await audit.record(
        ctx,
        { event, outcome: 'success', accountId: account.id, details: { sessionsEnded: count } },
        q,
      );
      const notice = how.kind === 'password_reset' ? 'notice.password_reset' : 'notice.password_changed';
      await notifyContacts(q, messenger, { contacts: [account.phone, account.email], locale: account.locale }, notice);
      return count;
    });
    messenger.wake();
    return ended;
  };
}

export type PasswordUpdater = ReturnType<typeof createPasswordUpdater>;
