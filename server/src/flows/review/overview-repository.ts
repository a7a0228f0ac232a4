import type { Queryable } from '../../platform/db/index.js';

/** SQL of the staff overview: counts of the queue, and the submissions and decisions of a window. */
export function createOverviewRepository(db: Queryable) {
  return {
    /** Pending applications, and how many of them are past their deadline (`today`: the CST date). */
    async queueCounts(today: string): Promise<{ pending: number; overdue: number }> {
      const { rows } = await db.query<{ pending: number; overdue: number }>(
        `SELECT count(*)::int AS pending, (count(*) FILTER (WHERE deadline < $1::date))::int AS overdue
           FROM certifications WHERE state = 'pending'`,
        [today],
      );
      return rows[0]!;
    },

    /** Every submission made or decided since `since`, with both instants. */
    async submissionsSince(since: Date): Promise<{ submitted_at: Date; decided_at: Date | null }[]> {
      const { rows } = await db.query<{ submitted_at: Date; decided_at: Date | null }>(
        `SELECT submitted_at, decided_at FROM certification_submissions
          WHERE submitted_at >= $1 OR decided_at >= $1`,
        [since],
      );
      return rows;
    },
  };
}

export type OverviewRepository = ReturnType<typeof createOverviewRepository>;
