import type { Clock } from '../../platform/clock.js';
import { cstDate } from '../certification/working-days.js';
import type { OverviewRepository } from './overview-repository.js';

export const OVERVIEW_DAYS = 30;
const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600_000;

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The staff overview (工作台): the queue now, decisions this week (Monday 00:00 CST on), the
 * median time from submission to decision over the last 30 days, and per CST day of those 30
 * days how many submissions came in and how many were decided.
 */
export function createOverviewService(deps: { clock: Clock; repo: OverviewRepository }) {
  const { clock, repo } = deps;
  return {
    async overview() {
      const now = clock.now();
      const today = cstDate(now);
      const todayStart = new Date(`${today}T00:00:00Z`).getTime() - CST_OFFSET_MS;
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
      const weekStart = todayStart - weekday * DAY_MS;
      const windowStart = todayStart - (OVERVIEW_DAYS - 1) * DAY_MS;

      const [counts, rows] = await Promise.all([
        repo.queueCounts(today),
        repo.submissionsSince(new Date(Math.min(windowStart, weekStart))),
      ]);
      const days = Array.from({ length: OVERVIEW_DAYS }, (_, i) => ({
        date: cstDate(new Date(windowStart + i * DAY_MS)),
        submitted: 0,
        decided: 0,
      }));
      const byDate = new Map(days.map((d) => [d.date, d]));
      const durations: number[] = [];
      let decidedThisWeek = 0;
      for (const r of rows) {
        if (r.submitted_at.getTime() >= windowStart) byDate.get(cstDate(r.submitted_at))!.submitted++;
        if (!r.decided_at) continue;
        const decided = r.decided_at.getTime();
        if (decided >= weekStart) decidedThisWeek++;
        if (decided >= windowStart) {
          byDate.get(cstDate(r.decided_at))!.decided++;
          durations.push((decided - r.submitted_at.getTime()) / 1000);
        }
      }
      const middle = median(durations);
      return {
        pending: counts.pending,
        overdue: counts.overdue,
        decidedThisWeek,
        medianReviewSeconds: middle === null ? null : Math.round(middle),
        days,
      };
    },
  };
}

export type OverviewService = ReturnType<typeof createOverviewService>;
