import type { ClaimTable } from '../../platform/claim-once.js';
import type { Queryable } from '../../platform/db/index.js';

/** SQL on open_api_nonces, where every open API nonce is claimed once. */
export function createNoncesRepository(): ClaimTable<{ appId: string; nonce: string }> {
  return {
    async deleteExpired(q: Queryable, now: Date) {
      await q.query('DELETE FROM open_api_nonces WHERE expires_at <= $1', [now]);
    },

    /**
     * Claims (appId, nonce) until `expiresAt`: the primary key makes it atomic, and an expired
     * row may be claimed again. True when this call claimed it.
     */
    async claim(q: Queryable, { appId, nonce }, expiresAt: Date, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `INSERT INTO open_api_nonces (app_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (app_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE open_api_nonces.expires_at <= $4`,
        [appId, nonce, expiresAt, now],
        { name: 'open_api_nonce_claim' },
      );
      return rowCount > 0;
    },
  };
}

export type NoncesRepository = ReturnType<typeof createNoncesRepository>;
