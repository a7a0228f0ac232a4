import { sha256 } from './crypto.js';
import type { Queryable } from './db/index.js';

/** An account's own key: the same digest as SQL's account_failure_key(id) (migration 0018). */
export const accountFailureKey = (accountId: string) => sha256(`account:${accountId}`).toString('hex');

/**
 * SQL on login_failures: failed log-ins counted under a key (migration 0018). A key is either
 * the HMAC of a typed identifier, or an account's own key (`account_failure_key(id)` in SQL, the
 * same digest as `accountFailureKey` above), or an unknown identifier's decoy account key.
 *
 * Every statement that writes several keys takes their rows in key order, so two transactions
 * never wait on each other in opposite orders (a right and a wrong password at the same moment).
 */
export function createLoginFailuresRepository() {
  return {
    /** One failure more for each key (the statement takes their rows in key order). */
    async record(q: Queryable, keys: readonly string[], now: Date) {
      await q.query(COUNT_FAILURES('$1', '$2'), [keys, now], { name: 'login_failures_record' });
    },

    /** Clears these counters (a log-in succeeded, or a new password was set), locked in key order. */
    async clear(q: Queryable, keys: readonly string[]) {
      await q.query(CLEAR_FAILURES('$1'), [keys], { name: 'login_failures_clear' });
    },
  };
}

/** One failure more for each key of the text[] parameter `keys`, inserted in key order, at `now`. */
export const COUNT_FAILURES = (keys: string, now: string) =>
  `INSERT INTO login_failures (key, failed_count, last_failed_at)
   SELECT k, 1, ${now} FROM unnest(${keys}::text[]) AS k ORDER BY k
   ON CONFLICT (key) DO UPDATE SET failed_count = login_failures.failed_count + 1, last_failed_at = ${now}`;

/** Deletes the counters of the text[] expression `keys`, their rows locked in key order first. */
export const CLEAR_FAILURES = (keys: string) =>
  `DELETE FROM login_failures WHERE key IN (
     SELECT key FROM login_failures WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE)`;

/** The account's own counter as columns of an account row (`a` is the accounts table's alias). */
export const ACCOUNT_FAILURES_COLUMNS = `COALESCE(af.failed_count, 0) AS failed_login_count, af.last_failed_at AS last_failed_login_at`;
export const ACCOUNT_FAILURES_JOIN = `LEFT JOIN login_failures af ON af.key = account_failure_key(a.id)`;

export type LoginFailuresRepository = ReturnType<typeof createLoginFailuresRepository>;
