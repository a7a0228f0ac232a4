import type { Redis } from 'ioredis';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import type { NoncesRepository } from './nonces-repository.js';

/** Expired nonce rows are swept at most this often. */
const SWEEP_EVERY_SECONDS = 60;

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
  repo: NoncesRepository;
  clock: Clock;
  prefix: string;
  ttlSeconds: number;
}): NonceStore {
  const { redis, db, repo, clock, prefix, ttlSeconds } = deps;
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
      if (now.getTime() - lastSweep > SWEEP_EVERY_SECONDS * 1000) {
        lastSweep = now.getTime();
        await repo.deleteExpired(db, now);
      }
      return repo.claim(db, appId, nonce, new Date(now.getTime() + ttlSeconds * 1000), now);
    },
  };
}
