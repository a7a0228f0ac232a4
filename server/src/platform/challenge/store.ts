import type { Redis } from 'ioredis';
import { claimOnceIn } from '../claim-once.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';
import type { UsedChallengesRepository } from './repository.js';

/** Remembers solved challenges until they expire, so each is accepted once. */
export interface UsedChallenges {
  /** True the first time a challenge (by its signature) is presented, false for a replay. */
  claim(signature: string, expiresAt: Date): Promise<boolean>;
}

/**
 * Redis (`SET NX PX`, shared by every node) when configured, else a table whose primary key
 * makes the claim atomic — the same pattern as the open API's nonce store.
 */
export function createUsedChallenges(deps: {
  redis: Redis | null;
  db: Queryable;
  repo: UsedChallengesRepository;
  clock: Clock;
  prefix: string;
}): UsedChallenges {
  const { redis, db, repo, clock, prefix } = deps;
  if (redis) {
    return {
      async claim(signature, expiresAt) {
        const ttlMs = Math.max(1, expiresAt.getTime() - clock.now().getTime());
        return (await redis.set(`${prefix}:used-challenge:${signature}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      },
    };
  }
  const claim = claimOnceIn({ db, table: repo, clock });
  return { claim: (signature, expiresAt) => claim(signature, () => expiresAt) };
}
