import type { Queryable } from './db/index.js';

export interface IdentifierFailures {
  failed_count: number;
  last_failed_at: Date | null;
}

/** SQL on login_identifier_failures: failed log-ins per typed identifier (an HMAC, never the text). */
export function createIdentifierFailuresRepository() {
  return {
    /**
     * The counter of one identifier; one row whether or not it was ever counted (zero then), so
     * the answer has the same shape for every identifier.
     */
    async find(q: Queryable, key: string): Promise<IdentifierFailures> {
      const { rows } = await q.query<IdentifierFailures>(
        `SELECT COALESCE(f.failed_count, 0) AS failed_count, f.last_failed_at
           FROM (VALUES (1)) AS one LEFT JOIN login_identifier_failures f ON f.identifier_hmac = $1`,
        [key],
      );
      return rows[0]!;
    },

    async record(q: Queryable, key: string, now: Date) {
      await q.query(
        `INSERT INTO login_identifier_failures (identifier_hmac, failed_count, last_failed_at) VALUES ($1, 1, $2)
         ON CONFLICT (identifier_hmac) DO UPDATE
           SET failed_count = login_identifier_failures.failed_count + 1, last_failed_at = $2`,
        [key, now],
      );
    },

    /** Clears the counters of these identifiers (a log-in succeeded, or the password was reset). */
    async clear(q: Queryable, keys: string[]) {
      if (keys.length === 0) return;
      await q.query('DELETE FROM login_identifier_failures WHERE identifier_hmac = ANY($1::text[])', [keys]);
    },
  };
}

export type IdentifierFailuresRepository = ReturnType<typeof createIdentifierFailuresRepository>;
