import type { Redis } from 'ioredis';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';

/** Remembers nonces long enough that a replay can never fall back inside the skew window. */
export interface NonceStore {
  /** True the first time (appId, nonce) is seen within the window, false for a replay. */
  claim(appId: string, nonce: string): Promise<boolean>;
}

/**
 * A nonce whose timestamp passed the ±skew check is acceptable for at most 2 × skew seconds of
 * server time, so it must be remembered that long. Redis (`SET NX EX`, shared by every node) when
 * configured; otherwise a table whose primary key makes the claim atomic, with expired rows
 * re-claimable and swept now and then.
 */
export function createNonceStore(deps: {
  redis: Redis | null;
  db: Queryable;
  clock: Clock;
  prefix: string;
  ttlSeconds: number;
}): NonceStore {
  const { redis, db, clock, prefix, ttlSeconds } = deps;
  if (redis) {
    return {
      async claim(appId, nonce) {
        const set = await redis.set(`${prefix}:open-api-nonce:${appId}:${nonce}`, '1', 'EX', ttlSeconds, 'NX');
        return set === 'OK';
      },
    };
  }
  let lastSweep = 0;
  return {
    async claim(appId, nonce) {
      const now = clock.now();
      if (now.getTime() - lastSweep > 60_000) {
        lastSweep = now.getTime();
        await db.query('DELETE FROM open_api_nonces WHERE expires_at <= $1', [now]);
      }
      const expires = new Date(now.getTime() + ttlSeconds * 1000);
      const { rowCount } = await db.query(
        `INSERT INTO open_api_nonces (app_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (app_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE open_api_nonces.expires_at <= $4`,
        [appId, nonce, expires, now],
      );
      return rowCount > 0;
    },
  };
}
