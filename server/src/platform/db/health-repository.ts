import type { Queryable } from './index.js';

/** The one query of the readiness probe. */
export function createHealthRepository() {
  return {
    async ping(q: Queryable) {
      await q.query('SELECT 1');
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
