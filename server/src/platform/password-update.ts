import type { AccountRow, AccountsRepository } from './accounts.js';
import type { Audit, RequestContext } from './audit.js';
import type { Clock } from './clock.js';
import type { Db, Queryable } from './db/index.js';
import { notifyContacts, type Messenger } from './messaging/index.js';
import type { Passwords } from './passwords.js';
import type { Sessions } from './sessions/index.js';

/**
 * Setting a new password, as reset and change both do: the same rules (SECURITY 3), a new hash,
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
}) {
  const { db, clock, accounts, passwords, sessions, messenger, audit } = deps;
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
    const passwordHash = await passwords.hash(newPassword);
    const ended = await db.tx(async (q) => {
      await how.before?.(q);
      await accounts.setPassword(q, account.id, passwordHash, clock.now());
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
