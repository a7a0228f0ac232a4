import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock.js';
import { leaseTestDb } from './databases.js';
import { startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';
import { recording, type Seen } from './recording.js';

/**
 * Issue 14, finding 1 (SECURITY 13): a sign-up or forgot-password code request does the same
 * database work whether or not the contact is registered, and never looks the contact up; what
 * it delivers is decided by the outbox worker afterwards (flows/verification/delivery.ts). The
 * timing statistics (timing-codes.test.ts) measure the result; this file pins down its cause and
 * what each case finally delivers.
 */

/** A parameter as far as the work it causes goes: its type and size, never its value. */
const shape = (p: unknown) =>
  p === null
    ? 'null'
    : Buffer.isBuffer(p)
      ? `bytes:${p.length}`
      : p instanceof Date
        ? 'date'
        : typeof p === 'string'
          ? `string:${p.length}`
          : typeof p;

/** An account holding `contact`, written directly (no sign-up code, so no earlier sends). */
async function accountFor(t: TestApp, contact: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const column = contact.includes('@') ? 'email' : 'phone';
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO accounts (username, ${column}, password_hash, locale, created_at, updated_at)
     VALUES ($1, $2, 'not-a-hash', $3, now(), now()) RETURNING id`,
    [`pcd_${randomBytes(5).toString('hex')}`, contact, locale],
  );
  return rows[0]!.id;
}

describe('before the answer', () => {
  let t: TestApp;
  let release: () => Promise<void>;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const leased = await leaseTestDb();
    release = leased.release;
    t = await startTestApp({
      env: { CODE_CHALLENGE: 'off' },
      shared: { db: recording(leased.db, seen), clock: new ManualClock(new Date('2026-03-02T09:00:00Z')) },
    });
    // No delivery while recording: what is compared is the request's own work.
    await t.messaging.worker.stop(0);
  });
  afterAll(async () => {
    await t.close();
    await release();
  });

  /** The statements one code request ran, each as its SQL and the shapes of its parameters. */
  async function work(purpose: string, to: string) {
    seen.length = 0;
    const res = await t.request({ url: '/api/v1/verification-codes', body: { purpose, to } });
    expect(res.statusCode).toBe(202);
    return seen.map((s) => ({ sql: s.sql, params: s.params.map(shape) }));
  }

  for (const purpose of ['register', 'reset_password']) {
    for (const kind of ['phone', 'email'] as const) {
      it(`${purpose} by ${kind}: the same statements with parameters of the same shapes, registered or not, and no look-up of the contact`, async () => {
        const next = kind === 'phone' ? uniquePhone : uniqueEmail;
        const registered = next();
        await accountFor(t, registered);
        const known = await work(purpose, registered);
        const unknown = await work(purpose, next());
        expect(known.length).toBeGreaterThan(0);
        expect(known).toEqual(unknown);
        expect(known.map((s) => s.sql).join('\n')).not.toMatch(/\baccounts\b/);
      });
    }
  }
});

describe('at delivery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CODE_CHALLENGE: 'off' } });
  });
  afterAll(() => t.close());

  /** Requests a code, lets the worker deliver, and returns the outbox row and the code row it left. */
  async function requestAndDeliver(purpose: string, to: string) {
    const res = await t.request({ url: '/api/v1/verification-codes', body: { purpose, to } });
    expect(res.statusCode).toBe(202);
    await t.messenger.idle();
    const message = await t.db.query<{
      template: string;
      locale: string;
      status: string;
      sealed_params: string | null;
    }>(
      'SELECT template, locale, status, sealed_params FROM message_outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1',
      [to],
    );
    const code = await t.db.query<{ account_id: string | null; voided_at: Date | null }>(
      'SELECT account_id, voided_at FROM verification_codes WHERE target = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1',
      [to, purpose],
    );
    return { message: message.rows[0]!, code: code.rows[0]!, delivered: await t.outbox(to) };
  }

  it('sign-up, new contact: the code, in the language of the request', async () => {
    const to = uniquePhone();
    const { message, code, delivered } = await requestAndDeliver('register', to);
    expect(message).toMatchObject({ template: 'code.register', locale: 'zh-CN', status: 'sent' });
    expect(code).toEqual({ account_id: null, voided_at: null });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.text).toMatch(/\b\d{6}\b/);
  });

  it("sign-up, registered contact: the notice instead, in the account's language, and the code voided", async () => {
    const to = uniqueEmail();
    await accountFor(t, to, 'en');
    const { message, code, delivered } = await requestAndDeliver('register', to);
    expect(message).toMatchObject({ template: 'notice.already_registered', locale: 'en', status: 'sent' });
    expect(code.voided_at).not.toBeNull();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.text).not.toMatch(/\b\d{6}\b/);
  });

  it("forgot password, registered contact: the code, bound to the account, in the account's language", async () => {
    const to = uniquePhone();
    const id = await accountFor(t, to, 'en');
    const { message, code, delivered } = await requestAndDeliver('reset_password', to);
    expect(message).toMatchObject({ template: 'code.reset_password', locale: 'en', status: 'sent' });
    expect(code).toEqual({ account_id: id, voided_at: null });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.text).toMatch(/\b\d{6}\b/);
  });

  it('forgot password, unknown contact: nothing sent, the row suppressed without params, and the code voided', async () => {
    const to = uniquePhone();
    const { message, code, delivered } = await requestAndDeliver('reset_password', to);
    expect(message).toMatchObject({ template: 'code.reset_password', status: 'suppressed', sealed_params: null });
    expect(code.voided_at).not.toBeNull();
    expect(delivered).toHaveLength(0);
  });
});
