import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  // Small batches, so the backlog of codes below takes several.
  t = await startTestApp({ env: { MAINTENANCE_BATCH_SIZE: '10', SESSION_RETENTION_DAYS: '30' } });
});
afterAll(() => t.close());

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs);
const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql)).rows[0]!.n);

async function account(): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO accounts (username, email, password_hash, created_at, updated_at)
     VALUES ('m_' || substr(md5(random()::text), 1, 10), substr(md5(random()::text), 1, 10) || '@example.com', 'x', $1, $1)
     RETURNING id`,
    [t.clock.now()],
  );
  return rows[0]!.id;
}

async function code(expiresAt: Date, tag: string) {
  await t.db.query(
    `INSERT INTO verification_codes (purpose, channel, target, code_hmac, created_at, expires_at)
     VALUES ('register', 'sms', $1, '\\x00', $2, $3)`,
    [tag, at(-10 * 60_000), expiresAt],
  );
}

async function session(accountId: string, tag: string, values: { expiresAt: Date; endedAt: Date | null }) {
  await t.db.query(
    `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ended_at, user_agent)
     VALUES (decode(md5(random()::text), 'hex'), $1, $2, $2, $3, $4, $5)`,
    [accountId, at(-60 * DAY), values.expiresAt, values.endedAt, tag],
  );
}

async function ticket(accountId: string, tag: string, values: { expiresAt: Date; consumedAt: Date | null }) {
  await t.db.query(
    `INSERT INTO flow_tickets (token_hash, purpose, account_id, new_target, created_at, expires_at, consumed_at)
     VALUES (decode(md5(random()::text), 'hex'), 'reset_password', $1, $2, $3, $4, $5)`,
    [accountId, tag, at(-HOUR), values.expiresAt, values.consumedAt],
  );
}

async function upload(accountId: string, createdAt: Date): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO uploads (account_id, kind, mime, size, envelope, content, created_at)
     VALUES ($1, 'id_front', 'image/png', 1, 'k:iv:tag', '\\x00', $2) RETURNING id`,
    [accountId, createdAt],
  );
  return rows[0]!.id;
}

describe('maintenance', () => {
  it('deletes exactly what is due at the injectable clock, in batches', async () => {
    const owner = await account();
    // Codes: 25 expired (three batches of 10), one still live.
    for (let i = 0; i < 25; i++) await code(at(-1000), 'expired');
    await code(at(60_000), 'live');
    // Send records: one past the 24 h window, one inside it.
    await t.db.query(
      `INSERT INTO code_sends (target, purpose, sent_at) VALUES ('old', 'register', $1), ('new', 'register', $2)`,
      [at(-25 * HOUR), at(-23 * HOUR)],
    );
    // Sessions: ended or expired more than the 30-day grace ago go; the rest stay.
    await session(owner, 'ended-31d', { expiresAt: at(DAY), endedAt: at(-31 * DAY) });
    await session(owner, 'expired-31d', { expiresAt: at(-31 * DAY), endedAt: null });
    await session(owner, 'expired-40d', { expiresAt: at(-40 * DAY), endedAt: null });
    await session(owner, 'ended-recently', { expiresAt: at(DAY), endedAt: at(-29 * DAY) });
    await session(owner, 'active', { expiresAt: at(DAY), endedAt: null });
    // Tickets: used or expired go.
    await ticket(owner, 'used', { expiresAt: at(HOUR), consumedAt: at(-60_000) });
    await ticket(owner, 'expired', { expiresAt: at(-1000), consumedAt: null });
    await ticket(owner, 'live', { expiresAt: at(HOUR), consumedAt: null });
    // Nonces.
    await t.db.query(
      `INSERT INTO open_api_nonces (app_id, nonce, expires_at) VALUES ('a', 'old', $1), ('a', 'new', $2)`,
      [at(-1000), at(60_000)],
    );
    // Uploads: unattached for more than 24 h goes; attached, or younger, stays.
    const orphan = await upload(owner, at(-25 * HOUR));
    const attached = await upload(owner, at(-25 * HOUR));
    const young = await upload(owner, at(-23 * HOUR));
    await t.db.query(
      `INSERT INTO certification_submissions (account_id, type, fields, identity_encrypted, identity_masked, file_ids,
         consent_version, consented_at, submitted_at, deadline)
       VALUES ($1, 'personal', '{}', 'k:x', '1***', ARRAY[$2::uuid], 'v1', $3, $3, '2026-03-05')`,
      [owner, attached, t.clock.now()],
    );

    // Outbox: a message finished 8 days ago goes; one finished yesterday and one still queued stay.
    for (const [tag, status, updated] of [
      ['sent-8d', 'sent', at(-8 * DAY)],
      ['sent-1d', 'sent', at(-DAY)],
      ['queued', 'queued', at(-8 * DAY)],
    ] as const) {
      await t.db.query(
        `INSERT INTO message_outbox (template, channel, recipient, locale, sealed_params, status, next_attempt_at,
           expires_at, created_at, updated_at)
         VALUES ('notice.password_changed', 'email', $1, 'zh-CN', $2, $3, $4, $5, $4, $4)`,
        [tag, status === 'queued' ? 'k:x' : null, status, updated, at(DAY)],
      );
    }

    const counts = await t.container.maintenance.runOnce();
    expect(counts).toMatchObject({
      finished_messages: 1,
      expired_codes: 25,
      code_sends: 1,
      sessions: 3,
      tickets: 2,
      nonces: 1,
      unattached_uploads: 1,
    });
    expect(await count(`SELECT count(*) AS n FROM verification_codes WHERE target = 'expired'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM verification_codes WHERE target = 'live'`)).toBe(1);
    expect((await t.db.query(`SELECT target FROM code_sends`)).rows).toEqual([{ target: 'new' }]);
    expect((await t.db.query(`SELECT user_agent FROM sessions ORDER BY user_agent`)).rows).toEqual([
      { user_agent: 'active' },
      { user_agent: 'ended-recently' },
    ]);
    expect((await t.db.query(`SELECT new_target FROM flow_tickets`)).rows).toEqual([{ new_target: 'live' }]);
    expect((await t.db.query(`SELECT nonce FROM open_api_nonces`)).rows).toEqual([{ nonce: 'new' }]);
    const uploads = (await t.db.query<{ id: string }>(`SELECT id FROM uploads`)).rows.map((r) => r.id);
    expect(uploads.sort()).toEqual([attached, young].sort());
    expect(uploads).not.toContain(orphan);
    expect((await t.db.query(`SELECT recipient FROM message_outbox ORDER BY recipient`)).rows).toEqual([
      { recipient: 'queued' },
      { recipient: 'sent-1d' },
    ]);

    // Nothing more is due until time passes: then the young upload and the recent session are.
    expect(await t.container.maintenance.runOnce()).toMatchObject({
      unattached_uploads: 0,
      sessions: 0,
      expired_codes: 0,
    });
    t.clock.advance(2 * 86_400);
    expect(await t.container.maintenance.runOnce()).toMatchObject({
      unattached_uploads: 1,
      sessions: 1,
      expired_codes: 1,
    });
  });

  it('drops audit months older than the retention (180 days) whole, and keeps writers append-only', async () => {
    const clock = t.clock;
    const march = new Date('2026-03-15T12:00:00Z');
    clock.advance((march.getTime() - clock.now().getTime()) / 1000);
    await t.container.maintenance.runOnce(); // makes March, April and May
    const partitions = async () =>
      (
        await t.db.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`,
        )
      ).rows.map((r) => r.name);
    expect(await partitions()).toEqual(expect.arrayContaining(['audit_events_p202603', 'audit_events_p202604']));
    const insert = (when: string) =>
      t.db.query(`INSERT INTO audit_events (at, actor, event, outcome) VALUES ($1, 'system', 'test', 'success')`, [
        when,
      ]);
    await insert('2026-03-20T00:00:00Z');
    await insert('2026-04-20T00:00:00Z');
    const where = async () =>
      (await t.db.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM audit_events ORDER BY at`)).rows.map(
        (r) => r.p,
      );
    expect(await where()).toEqual(['audit_events_p202603', 'audit_events_p202604']);
    await expect(t.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);

    // March ends 2026-04-01; 180 days later is 2026-09-28. A second before, March stays.
    const due = new Date('2026-09-28T00:00:00Z');
    clock.advance((due.getTime() - clock.now().getTime()) / 1000 - 1);
    expect((await t.container.maintenance.runOnce()).audit_partitions).toBe(0);
    clock.advance(1);
    expect((await t.container.maintenance.runOnce()).audit_partitions).toBe(1);
    expect(await partitions()).not.toContain('audit_events_p202603');
    expect(await partitions()).toEqual(expect.arrayContaining(['audit_events_p202604', 'audit_events_p202610']));
    expect(await where()).toEqual(['audit_events_p202604']);
    // Writers still append into the current month.
    await insert('2026-09-28T10:00:00Z');
    expect((await where()).at(-1)).toBe('audit_events_p202609');
  });
});
