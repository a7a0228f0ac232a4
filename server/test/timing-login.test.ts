import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniquePhone, type TestApp } from './harness.js';
import { compareTimings, keepAliveClient } from './timing.js';

/**
 * Issue 14, finding 2 (SECURITY 12): a wrong password for an existing account must take as long
 * as any password for an unknown account. Benchmark-style: real HTTP on a listening server
 * (the attacker's view: parsing, hooks, the database and argon2 all count), one kept-alive
 * connection, interleaved pairs. TIMING_SAMPLES sets the number of pairs. argon2id runs at the
 * suites' cost (harness TEST_ARGON2), for real and dummy hashes alike: at the deployed cost its
 * own jitter buried the database work this test is about: on a slow machine (a 37 ms log-in) the
 * pairs' differences spread over about ±3 ms, and 1,600 pairs still left the median shift
 * uncertain by ±0.2–0.3 ms; at the suites' cost (a 9 ms log-in there) 800 pairs pin it to ±0.15.
 *
 * 800 pairs, one try of each case per pair, up to twice that on a noisy machine (compareTimings):
 * with equal costs the AUC then falls outside 0.45–0.55 about once in a thousand runs (its
 * standard error is about 0.016), where 300 pairs failed one run in twenty by chance alone.
 * Before migration 0018 a registered account paid about 0.1 ms more (its counter update wrote a
 * row, the unknown one's matched none): AUC up to 0.55.
 */
const SAMPLES = Math.max(200, Number(process.env.TIMING_SAMPLES ?? 800));
/** Registered accounts and unknown phones, each case cycling through its own. */
const IDENTITIES = 16;

// TIMING_TESTS=off skips these statistics (a run on a machine known to be shared); CI runs them in
// the PGlite and PostgreSQL projects, on Node 20 and (PGlite) on Node 26.
describe.skipIf(process.env.TIMING_TESTS === 'off')(
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
      await client.close();
      await t.close();
    });

    it(
      `wrong password (existing) vs unknown account: median shift under 0.3 ms, AUC 0.45–0.55 over ≥ ${SAMPLES} pairs`,
      {
        timeout: 600_000,
      },
      async () => {
        // A few of each, taken in turn: what is compared is registered against unknown, not one
        // account's index position against one unknown phone's.
        const registered: string[] = [];
        for (let i = 0; i < IDENTITIES; i++) registered.push((await t.register()).contact);
        const unknown = Array.from({ length: IDENTITIES }, () => uniquePhone());
        const attempt = (identifiers: string[]) => {
          let next = 0;
          return async () => {
            const identifier = identifiers[next++ % identifiers.length]!;
            // A first wrong try each time: throttled tries answer before any argon2 (issue 13
            // point 3). Cleared outside the timed request, for both cases alike: every counter,
            // the accounts', the unknown identifiers' decoys and the identifiers'.
            await t.db.query('DELETE FROM login_failures');
            const res = await client.post('/api/v1/sessions', { identifier, password: 'not-the-password-at-all' });
            expect(res.status).toBe(401);
            return res.ms;
          };
        };
        const stats = await compareTimings(
          { a: attempt(registered), b: attempt(unknown) },
          { samples: SAMPLES, maxSamples: 2 * SAMPLES, warmUp: 20, repeat: 1 },
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
