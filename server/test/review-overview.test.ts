import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median } from '../src/flows/review/overview.js';
import { decide, personalBody, staffSession, submit } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  // The harness clock starts on Monday 2026-03-02, 17:00 CST.
  t = await startTestApp();
});
afterAll(() => t.close());

interface Overview {
  pending: number;
  overdue: number;
  decidedThisWeek: number;
  medianReviewSeconds: number | null;
  days: { date: string; submitted: number; decided: number }[];
}

describe('GET /api/v1/admin/overview', () => {
  it('the median of an even count is the mean of the middle two; none is null', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('counts pending and overdue, decisions this week, the median review time and 30 days of submissions and decisions', async () => {
    let staff = await staffSession(t);
    const get = async () =>
      (await t.request({ url: '/api/v1/admin/overview', cookie: staff.cookie })).json() as Overview;
    const empty = await get();
    expect(empty).toMatchObject({ pending: 0, overdue: 0, decidedThisWeek: 0, medianReviewSeconds: null });
    expect(empty.days).toHaveLength(30);
    expect(empty.days.at(-1)!.date).toBe('2026-03-02');
    expect(empty.days[0]!.date).toBe('2026-02-01');

    const a = await t.register();
    const b = await t.register();
    expect((await submit(t, a.cookie, await personalBody(t, a.cookie))).statusCode).toBe(200);
    expect((await submit(t, b.cookie, await personalBody(t, b.cookie))).statusCode).toBe(200);
    t.clock.advance(600); // a is decided ten minutes after submission
    expect((await decide(t, staff.cookie, a.account.id, { version: 1, decision: 'approved' })).statusCode).toBe(200);

    const now = await get();
    expect(now).toMatchObject({ pending: 1, overdue: 0, decidedThisWeek: 1, medianReviewSeconds: 600 });
    expect(now.days.at(-1)).toEqual({ date: '2026-03-02', submitted: 2, decided: 1 });

    // Ten days on, b is past its deadline (3 working days) and the week has turned.
    t.clock.advance(10 * 86_400);
    staff = await staffSession(t);
    const later = await get();
    expect(later).toMatchObject({ pending: 1, overdue: 1, decidedThisWeek: 0 });
    expect(later.days.find((d) => d.date === '2026-03-02')).toEqual({ date: '2026-03-02', submitted: 2, decided: 1 });
  });

  it('developers are refused', async () => {
    const dev = await t.register();
    expect((await t.request({ url: '/api/v1/admin/overview', cookie: dev.cookie })).statusCode).toBe(403);
  });
});
