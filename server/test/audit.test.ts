import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Row = {
  event: string;
  outcome: string;
  actor: string;
  ip: string;
  user_agent: string | null;
  at: Date;
  account_id: string | null;
};

describe('SECURITY 41: audit log of security events, append-only', () => {
  it('records sign-up, log-in success and failure, and log-out with time, actor, IP, user agent, outcome', async () => {
    const { contact, cookie, account } = await t.register();
    await t.request({
      url: '/api/v1/sessions',
      body: { identifier: contact, password: 'wrong-password-x' },
      ip: '203.0.113.7',
      headers: { 'user-agent': 'audit-test/1' },
    });
    await t.request({
      url: '/api/v1/sessions',
      body: { identifier: contact, password: GOOD_PASSWORD },
      ip: '203.0.113.8',
    });
    await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie });
    const { rows } = await t.db.query<Row>('SELECT * FROM audit_events WHERE account_id = $1 ORDER BY id', [
      account.id,
    ]);
    expect(rows.map((r) => `${r.event}:${r.outcome}`)).toEqual([
      'account.registered:success',
      'login:failure',
      'login:success',
      'logout:success',
    ]);
    expect(rows[1]).toMatchObject({ ip: '203.0.113.7', user_agent: 'audit-test/1', actor: 'account' });
    expect(rows[1]!.at.toISOString()).toBe(t.clock.now().toISOString());
  });

  it('a failure for an unknown account is recorded without an account', async () => {
    await t.request({
      url: '/api/v1/sessions',
      body: { identifier: '+8613900000000', password: 'whatever-pass' },
      ip: '203.0.113.9',
    });
    const { rows } = await t.db.query<Row>(`SELECT * FROM audit_events WHERE ip = '203.0.113.9'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'login', outcome: 'failure', account_id: null, actor: 'anonymous' });
  });

  it('rows cannot be changed or deleted', async () => {
    await t.register();
    await expect(t.db.query(`UPDATE audit_events SET outcome = 'success'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });
});
