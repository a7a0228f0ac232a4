import { claimOnceIn } from '../../platform/claim-once.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import type { NoncesRepository } from './nonces-repository.js';

/** Remembers nonces long enough that a replay can never fall back inside the skew window. */
export interface NonceStore {
  /** True the first time (appId, nonce) is seen within the window, false for a replay. */
  claim(appId: string, nonce: string): Promise<boolean>;
}

/**
 * A nonce whose timestamp passed the ±skew check is acceptable for at most 2 × skew seconds of
 * server time, so it must be remembered that long, by every node. The claim is always made in
 * the database table, whose primary key makes it atomic (expired rows re-claimable and swept now
 * and then), with or without Redis. Redis is deliberately not the store: it keeps nothing on disk
 * here, and a nonce claimed in Redis just before an outage or a Redis restart would be unknown to
 * any fallback, so a replay inside the window would pass (docs/decisions.md, "Redis down"). While
 * the database is down the claim fails, and the call gets the coded 503 like every other.
 */
export function createNonceStore(deps: {
  db: Queryable;
  repo: NoncesRepository;
  clock: Clock;
  ttlSeconds: number;
}): NonceStore {
  const { db, repo, clock, ttlSeconds } = deps;
  const claim = claimOnceIn({ db, table: repo, clock });
  return { claim: (appId, nonce) => claim({ appId, nonce }, (now) => new Date(now.getTime() + ttlSeconds * 1000)) };
}
