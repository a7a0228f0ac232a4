import type { Clock } from './clock.js';
import type { Queryable } from './db/index.js';

/** Expired rows are swept at most this often. */
const SWEEP_EVERY_SECONDS = 60;

/**
 * A table of things that may be used once until they expire (open API nonces, solved
 * challenges): the repository's primary key makes the claim atomic, and an expired row may be
 * claimed again.
 */
export interface ClaimTable<Key> {
  deleteExpired(q: Queryable, now: Date): Promise<void>;
  /** True when this call claimed `key` (until `expiresAt`). */
  claim(q: Queryable, key: Key, expiresAt: Date, now: Date): Promise<boolean>;
}

/** Claims in the table, sweeping its expired rows now and then on the way. */
export function claimOnceIn<Key>(deps: { db: Queryable; table: ClaimTable<Key>; clock: Clock }) {
  const { db, table, clock } = deps;
  let lastSweep = 0;
  return async (key: Key, expiresAt: (now: Date) => Date): Promise<boolean> => {
    const now = clock.now();
    if (now.getTime() - lastSweep > SWEEP_EVERY_SECONDS * 1000) {
      lastSweep = now.getTime();
      await table.deleteExpired(db, now);
    }
    return table.claim(db, key, expiresAt(now), now);
  };
}
