import type { ClaimTable } from '../claim-once.js';
import type { Queryable } from '../db/index.js';

/** SQL on used_challenges, the store of solved challenges when no Redis is configured. */
export function createUsedChallengesRepository(): ClaimTable<string> {
  return {
    async deleteExpired(q: Queryable, now: Date) {
      await q.query('DELETE FROM used_challenges WHERE expires_at <= $1', [now]);
    },

    /**
     * Marks a challenge used until `expiresAt`: the primary key makes it atomic, and an expired
     * row may be claimed again. True when this call claimed it.
     */
    async claim(q: Queryable, signature: string, expiresAt: Date, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `INSERT INTO used_challenges (signature, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE used_challenges.expires_at <= $3`,
        [signature, expiresAt, now],
      );
      return rowCount > 0;
    },
  };
}

export type UsedChallengesRepository = ReturnType<typeof createUsedChallengesRepository>;
