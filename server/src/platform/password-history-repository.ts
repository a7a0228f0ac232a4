import type { Queryable } from './db/index.js';

/** SQL on password_history (SECURITY_PROFILE=mlps): the hashes of an account's former passwords. */
export function createPasswordHistoryRepository() {
  return {
    /** The newest `limit` former hashes, newest first. */
    async latest(q: Queryable, accountId: string, limit: number): Promise<string[]> {
      const { rows } = await q.query<{ password_hash: string }>(
        'SELECT password_hash FROM password_history WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
        [accountId, limit],
      );
      return rows.map((r) => r.password_hash);
    },

    /** Keeps `passwordHash` as a former password, and only the newest `keep` rows of the account. */
    async push(q: Queryable, accountId: string, passwordHash: string, now: Date, keep: number) {
      await q.query('INSERT INTO password_history (account_id, password_hash, created_at) VALUES ($1, $2, $3)', [
        accountId,
        passwordHash,
        now,
      ]);
      await q.query(
        `DELETE FROM password_history WHERE account_id = $1 AND id NOT IN (
           SELECT id FROM password_history WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
        [accountId, keep],
      );
    },
  };
}

export type PasswordHistoryRepository = ReturnType<typeof createPasswordHistoryRepository>;
