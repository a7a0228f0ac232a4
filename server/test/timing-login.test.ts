import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniquePhone, type TestApp } from './harness.js';
import { compareTimings, keepAliveClient } from './timing.js';

/**
 * Issue 14, finding 2 (SECURITY 12): a wrong password for an existing account must take as long
 * as any password for an unknown account. Benchmark-style: real HTTP on a listening server
 * (the attacker's view: parsing, hooks, the database and argon2 all count), one kept-alive
 * connection, interleaved pairs. TIMING_SAMPLES raises the sample count (CI: the default).
 */
const SAMPLES = Math.max(200, Number(process.env.TIMING_SAMPLES ?? 300));

// The finding is a commit (WAL flush) the unknown account did not pay: PGlite has no flush to
// measure, so the benchmark runs in the PostgreSQL project only, and only when TIMING_BENCH=1
// (a dedicated CI step on a quiet runner): run inside the parallel suite on a loaded 2-core
// machine its noise is several ms and it does not yet hold the 0.3 ms bound reliably.
describe.runIf(process.env.TEST_DB_KIND === 'postgres' && process.env.TIMING_BENCH === '1')(
  'SECURITY 12 (issue 14 finding 2): log-in timing does not tell registered accounts apart',
  () => {
    let t: TestApp;
    let client: ReturnType<typeof keepAliveClient>;
    beforeAll(async () => {
      // The per-IP cap would end the run early; this test is about timing only.
      t = await startTestApp({ env: { LOGIN_FAILURES_PER_IP_HOUR: '1000000' } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      client = keepAliveClient((t.app.server.address() as AddressInfo).port);
    });
    afterAll(async () => {
      client.close();
      await t.close();
    });

    it(
      `wrong password (existing) vs unknown account: median shift under 0.3 ms, AUC 0.45–0.55 over ≥ ${SAMPLES} pairs`,
      {
        timeout: 600_000,
      },
      async () => {
        const { contact } = await t.register();
        const unknown = uniquePhone();
        const attempt = (identifier: string) => async () => {
          // A first wrong try each time: throttled tries answer before any argon2 (issue 13
          // point 3). Cleared outside the timed request, for both cases alike.
          await t.db.query('UPDATE accounts SET failed_login_count = 0 WHERE phone = $1', [contact]);
          await t.db.query('DELETE FROM login_identifier_failures WHERE identifier_hmac = $1', [
            t.container.identifierFailures.keyOf(identifier),
          ]);
          const res = await client.post('/api/v1/sessions', { identifier, password: 'not-the-password-at-all' });
          expect(res.status).toBe(401);
          return res.ms;
        };
        const stats = await compareTimings(
          { a: attempt(contact), b: attempt(unknown) },
          { samples: SAMPLES, warmUp: 10, repeat: 2 },
        );
        console.log(`login timing: ${JSON.stringify(stats)}`);
        expect(stats.kept).toBeGreaterThanOrEqual(Math.floor(SAMPLES * 0.75));
        // The shift is the median of the per-round differences: load that drifts over the run moves
        // both cases of a round alike and cancels, where a difference of the two medians would not.
        expect(Math.abs(stats.pairedMedianDiff)).toBeLessThan(0.3);
        expect(stats.auc).toBeGreaterThanOrEqual(0.45);
        expect(stats.auc).toBeLessThanOrEqual(0.55);
      },
    );
  },
);
