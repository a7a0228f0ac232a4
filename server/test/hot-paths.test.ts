import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock.js';
import { accountFailureKey } from '../src/platform/login-failures-repository.js';
import { callOpen, developer } from './apps-helpers.js';
import { leaseTestDb } from './databases.js';
import { failedLogins, GOOD_PASSWORD, randomIp, startTestApp, uniquePhone, type TestApp } from './harness.js';
import { recording, type Seen } from './recording.js';

/**
 * Issue 12, points 2 and 3: the hot paths' database work, counted. A signed-in `GET /me` is one
 * query (session, account and certification together); a failed log-in is two round trips,
 * known account or not, with no transaction; a successful one writes its session, counter and
 * audit row in one statement; the hot statements are named (prepared
 * once per PostgreSQL connection) and run the same on PGlite.
 */
let t: TestApp;
let release: () => Promise<void>;
const seen: Seen[] = [];
const txs = { n: 0 };

beforeAll(async () => {
  const leased = await leaseTestDb();
  release = leased.release;
  t = await startTestApp({
    shared: { db: recording(leased.db, seen, txs), clock: new ManualClock(new Date('2026-03-02T09:00:00Z')) },
  });
});
afterAll(async () => {
  await t.close();
  await release();
});

/** The statements `fn` ran, and the transactions it opened. */
async function during(fn: () => Promise<unknown>) {
  seen.length = 0;
  txs.n = 0;
  await fn();
  // The message worker polls the outbox on its own timer meanwhile: not the request's work.
  return { statements: seen.filter((s) => !s.sql.includes('message_outbox')), transactions: txs.n };
}

describe('GET /me', () => {
  it('is one named query: the session with its account and certification', async () => {
    const { cookie } = await t.register();
    const { statements, transactions } = await during(async () => {
      const res = await t.request({ url: '/api/v1/me', cookie });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ certification: { state: 'unsubmitted' }, entitlements: null });
    });
    expect(transactions).toBe(0);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.name).toBe('session_find_live');
    expect(statements[0]!.sql).toMatch(/LEFT JOIN certifications/);
  });

  it('shows a submitted certification from that same query', async () => {
    const { cookie, account } = await t.register();
    await t.db.query(
      `INSERT INTO certifications (account_id, type, state, current_submission_id, submitted_at, deadline, identity_hmac)
       VALUES ($1, 'personal', 'pending', gen_random_uuid(), now(), '2026-03-05', $2)`,
      [account.id, Buffer.from(account.id)],
    );
    const { statements } = await during(async () => {
      const res = await t.request({ url: '/api/v1/me', cookie });
      expect(res.json()).toMatchObject({
        certification: { type: 'personal', state: 'pending', deadline: '2026-03-05', rejectReason: null },
        entitlements: null,
      });
    });
    expect(statements).toHaveLength(1);
  });
});

describe('POST /api/v1/sessions', () => {
  const logIn = (identifier: string, password: string) =>
    t.request({ url: '/api/v1/sessions', body: { identifier, password }, ip: randomIp() });

  /** The account's successful log-ins in the audit log, with the new-device mark of each. */
  const successes = async (contact: string) =>
    (
      await t.db.query<{ new_device: boolean | null }>(
        `SELECT (a.details->>'newDevice')::boolean AS new_device FROM audit_events a JOIN accounts c ON c.id = a.account_id
          WHERE c.phone = $1 AND a.event = 'login' AND a.outcome = 'success' ORDER BY a.id`,
        [contact],
      )
    ).rows.map((r) => r.new_device);

  it('from a device the account knows: one statement after the look-ups, with no transaction', async () => {
    const { contact } = await t.register();
    const ip = randomIp();
    expect(
      (await t.request({ url: '/api/v1/sessions', body: { identifier: contact, password: GOOD_PASSWORD }, ip }))
        .statusCode,
    ).toBe(200);
    // A failure from elsewhere, which the next right password clears.
    expect((await logIn(contact, 'not-the-password-1')).statusCode).toBe(401);
    expect(await failedLogins(t.db, { contact })).toBe(1);
    const { statements, transactions } = await during(async () => {
      const res = await t.request({
        url: '/api/v1/sessions',
        body: { identifier: contact, password: GOOD_PASSWORD },
        ip,
      });
      expect(res.statusCode).toBe(200);
    });
    // The look-up (password hash and both counters), the whole account after the right password,
    // then the device's row touched, the session, the audit row and the counters cleared, all in
    // one statement.
    expect(transactions).toBe(0);
    expect(statements.map((s) => s.name)).toEqual([
      'login_lookup_phone',
      'account_find_by_id',
      'login_start_on_known_device',
    ]);
    expect(await failedLogins(t.db, { contact })).toBe(0);
    expect(await successes(contact)).toEqual([true, null]);
    const [sessions] = (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sessions s JOIN accounts c ON c.id = s.account_id WHERE c.phone = $1`,
        [contact],
      )
    ).rows;
    // The sign-up's, and one per log-in.
    expect(sessions!.n).toBe(3);
  });

  it('from a new device: that statement writes nothing, then one transaction notes the device and starts the session', async () => {
    const { contact } = await t.register();
    const { statements, transactions } = await during(async () => {
      expect((await logIn(contact, GOOD_PASSWORD)).statusCode).toBe(200);
    });
    // The known-device statement finds no row and writes nothing; then the transaction: the
    // known-devices check (issue 15 point 3, and its notice for a new browser), the one statement
    // that writes session and audit, and last the account's and its identifiers' counters,
    // cleared in key order.
    expect(transactions).toBe(1);
    expect(statements[0]!.name).toBe('login_lookup_phone');
    expect(statements[2]!.name).toBe('login_start_on_known_device');
    expect(statements.at(-2)!.name).toBe('login_start_session');
    expect(statements.at(-1)!.name).toBe('login_failures_clear');
    const separate = statements
      .slice(3, -2)
      .filter((s) => /INSERT INTO (sessions|audit_events|login_failures)|DELETE FROM login_failures/.test(s.sql));
    expect(separate).toEqual([]);
    expect(await successes(contact)).toEqual([true]);
  });

  it('fails in the same two statements for a wrong password and for an unknown account (issue 14)', async () => {
    const { contact } = await t.register();
    const wrong = await during(async () => expect((await logIn(contact, 'not-the-password-1')).statusCode).toBe(401));
    const unknownPhone = uniquePhone();
    const unknown = await during(async () =>
      expect((await logIn(unknownPhone, 'not-the-password-1')).statusCode).toBe(401),
    );
    // The look-up, then one statement with no transaction around it: two counters upserted (the
    // account's, or the unknown identifier's decoy, and the typed identifier's) and the audit row.
    expect(wrong.transactions).toBe(0);
    expect(unknown.transactions).toBe(0);
    expect(wrong.statements.map((s) => s.name ?? s.sql)).toEqual(unknown.statements.map((s) => s.name ?? s.sql));
    expect(wrong.statements.map((s) => s.name)).toEqual(['login_lookup_phone', 'login_record_failure']);
    expect(await failedLogins(t.db, { contact })).toBe(1);
    // The unknown identifier's counters, its decoy account counter included, are written alike.
    const { keyOf, decoyIdOf } = t.container.loginFailures;
    const { rows } = await t.db.query<{ failed_count: number }>(
      'SELECT failed_count FROM login_failures WHERE key = ANY($1::text[])',
      [[keyOf(unknownPhone), accountFailureKey(decoyIdOf(keyOf(unknownPhone)))]],
    );
    expect(rows).toEqual([{ failed_count: 1 }, { failed_count: 1 }]);
    // The next right password clears the counter.
    expect((await logIn(contact, GOOD_PASSWORD)).statusCode).toBe(200);
    expect(await failedLogins(t.db, { contact })).toBe(0);
  });
});

describe('GET /open/v1/devices (signed)', () => {
  it('is named statements only: the key, the nonce, the page with its total', async () => {
    const dev = await developer(t);
    for (const id of ['hot-1', 'hot-2', 'hot-3'])
      expect(
        (
          await callOpen(t, dev.creds, {
            method: 'POST',
            path: '/open/v1/devices',
            body: { deviceId: id, model: 'TH-100', name: id },
          })
        ).statusCode,
      ).toBe(201);
    // A key used within the minute: no last-used write.
    const { statements, transactions } = await during(async () => {
      const res = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices', query: { pageSize: 2 } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(res.json().items.map((d: { deviceId: string }) => d.deviceId)).toEqual(['hot-3', 'hot-2']);
    });
    expect(transactions).toBe(0);
    // The nonce is claimed in the database with or without Redis (flows/open-api/nonces.ts).
    expect(statements.map((s) => s.name ?? s.sql)).toEqual([
      'open_api_key',
      'open_api_nonce_claim',
      'devices_app_page',
    ]);
    // Past the last page: no rows, and still the total.
    const past = await callOpen(t, dev.creds, {
      method: 'GET',
      path: '/open/v1/devices',
      query: { page: 3, pageSize: 2 },
    });
    expect(past.json()).toMatchObject({ items: [], total: 3, page: 3 });
  });
});

describe('named statements', () => {
  it('answer on this driver, and on PostgreSQL are prepared on the connection', async () => {
    const result = await t.db.tx(async (q) => {
      const first = await q.query<{ n: number }>('SELECT $1::int + 1 AS n', [41], { name: 'hot_paths_probe' });
      const again = await q.query<{ n: number }>('SELECT $1::int + 1 AS n', [1], { name: 'hot_paths_probe' });
      const prepared =
        t.db.kind === 'postgres'
          ? (
              await q.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE name = $1', [
                'hot_paths_probe',
              ])
            ).rows.map((r) => r.name)
          : null;
      return { first: first.rows[0]!.n, again: again.rows[0]!.n, prepared };
    });
    expect(result.first).toBe(42);
    expect(result.again).toBe(2);
    if (t.db.kind === 'postgres') expect(result.prepared).toEqual(['hot_paths_probe']);
    else expect(result.prepared).toBeNull();
  });
});
