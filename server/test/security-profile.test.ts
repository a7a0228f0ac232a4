import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { MLPS_PASSWORD_HISTORY } from '../src/platform/security-profile.js';
import { MLPS_LOGIN_LOCK } from '../src/platform/throttle.js';
import { approve } from './apps-helpers.js';
import { staffSession, totpCode } from './certification-helpers.js';
import { GOOD_PASSWORD, randomIp, startTestApp, uniquePhone, type TestApp } from './harness.js';

/**
 * Issue 15 point 6: SECURITY_PROFILE=mlps (MLPS 2.0, GB/T 22239-2019 level 3) against the
 * default nist profile, rule by rule; docs/compliance.md maps each control to these tests.
 * Two apps side by side, one per profile, so each rule is shown changed under mlps and
 * unchanged by default.
 */
let mlps: TestApp;
let nist: TestApp;
beforeAll(async () => {
  mlps = await startTestApp({ env: { SECURITY_PROFILE: 'mlps', PASSWORD_MAX_AGE_DAYS: '90' } });
  nist = await startTestApp();
});
afterAll(async () => {
  await mlps?.close();
  await nist?.close();
});

const login = (t: TestApp, identifier: string, password = GOOD_PASSWORD) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password }, ip: randomIp() });

/** Sign-up with a chosen password: the answer, not an exception, so a refusal can be read. */
async function signUp(t: TestApp, password: string) {
  const phone = uniquePhone();
  await t.sendCode(phone);
  return t.request({
    url: '/api/v1/accounts',
    body: { phone, code: await t.latestCode(phone), password },
    ip: randomIp(),
  });
}

const change = (t: TestApp, cookie: string, currentPassword: string, newPassword: string) =>
  t.request({ method: 'PUT', url: '/api/v1/me/password', body: { currentPassword, newPassword }, cookie });

async function reset(t: TestApp, contact: string, password: string) {
  t.clock.advance(61);
  expect((await t.sendCode(contact, randomIp(), 'reset_password')).statusCode).toBe(202);
  const ticket = await t.request({
    url: '/api/v1/password-reset/tickets',
    body: { to: contact, code: await t.latestCode(contact) },
    ip: randomIp(),
  });
  expect(ticket.statusCode).toBe(201);
  return t.request({ url: '/api/v1/password-reset', body: { ticket: ticket.json().ticket, password }, ip: randomIp() });
}

describe('SECURITY_PROFILE is validated once, in config.ts', () => {
  const refusal = (env: Record<string, string>): string => {
    try {
      loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'devplat-profile-')), ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'devplat-profile-')), ...env });

  it('nist by default (idle 30 minutes, no expiry); mlps by its exact name (idle 15 minutes)', () => {
    expect(load({})).toMatchObject({ securityProfile: 'nist', passwordMaxAgeDays: null, sessionIdleSeconds: 1800 });
    expect(load({ SECURITY_PROFILE: 'mlps' })).toMatchObject({
      securityProfile: 'mlps',
      passwordMaxAgeDays: null,
      sessionIdleSeconds: 900,
      staffSessionIdleSeconds: 900,
    });
    expect(load({ SECURITY_PROFILE: 'mlps', PASSWORD_MAX_AGE_DAYS: '90' }).passwordMaxAgeDays).toBe(90);
    expect(refusal({ SECURITY_PROFILE: 'MLPS' })).toMatch(/SECURITY_PROFILE must be nist or mlps/);
    expect(refusal({ SECURITY_PROFILE: 'dengbao' })).toMatch(/SECURITY_PROFILE must be nist or mlps/);
  });

  it('refuses what contradicts the profile: expiry under nist, idle outside 10–15 minutes under mlps', () => {
    expect(refusal({ PASSWORD_MAX_AGE_DAYS: '90' })).toMatch(/PASSWORD_MAX_AGE_DAYS needs SECURITY_PROFILE=mlps/);
    expect(refusal({ SECURITY_PROFILE: 'mlps', SESSION_IDLE_MINUTES: '30' })).toMatch(/from 10 to 15/);
    expect(refusal({ SECURITY_PROFILE: 'mlps', SESSION_IDLE_MINUTES: '5' })).toMatch(/from 10 to 15/);
    expect(refusal({ SECURITY_PROFILE: 'mlps', STAFF_SESSION_IDLE_MINUTES: '20' })).toMatch(/at most 15/);
    expect(load({ SECURITY_PROFILE: 'mlps', SESSION_IDLE_MINUTES: '10' }).sessionIdleSeconds).toBe(600);
    // Audit retention: at least 180 days under either profile (8.1.4.3 c).
    expect(refusal({ SECURITY_PROFILE: 'mlps', AUDIT_RETENTION_DAYS: '179' })).toMatch(/AUDIT_RETENTION_DAYS/);
  });
});

describe('the one settings endpoint tells the console the profile and its password rule', () => {
  it('mlps: 3 of 4 classes, a history of 5, the expiry; nist: none of them', async () => {
    const m = (await mlps.request({ url: '/api/v1/settings' })).json();
    expect(m.securityProfile).toBe('mlps');
    expect(m.password).toMatchObject({ minClasses: 3, historySize: MLPS_PASSWORD_HISTORY, maxAgeDays: 90 });
    const n = (await nist.request({ url: '/api/v1/settings' })).json();
    expect(n.securityProfile).toBe('nist');
    expect(n.password).toMatchObject({ minClasses: 0, historySize: 0, maxAgeDays: null });
  });
});

describe('8.1.4.1 a: password complexity (3 of 4 character classes) under mlps only', () => {
  it('two classes are refused under mlps, accepted under nist; three pass', async () => {
    const refused = await signUp(mlps, 'violetotterharbour42');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'password.too_simple', details: { classes: 3 } });
    expect(refused.json().message).toBe('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
    expect((await signUp(mlps, 'Violetotterharbour42')).statusCode).toBe(201);
    expect((await signUp(mlps, 'violet-otter-harbour-42')).statusCode).toBe(201);
    expect((await signUp(nist, 'violetotterharbour42')).statusCode).toBe(201);
  });
});

describe('8.1.4.1 a: password history (the last 5, hashed) on change and reset, under mlps only', () => {
  it('mlps refuses the current and the last four passwords; the sixth back is allowed again', async () => {
    const { cookie, contact, account } = await mlps.register();
    const passwords = [GOOD_PASSWORD, ...Array.from({ length: 5 }, (_, i) => `Harbour-lantern-${i}9`)];
    for (let i = 1; i < passwords.length; i++) {
      // Each earlier password within the last five is refused…
      const again = await change(mlps, cookie, passwords[i - 1]!, passwords[Math.max(0, i - 5)]!);
      expect(again.json()).toMatchObject({ code: 'password.reused', details: { count: 5 } });
      expect((await change(mlps, cookie, passwords[i - 1]!, passwords[i]!)).statusCode).toBe(200);
    }
    // …the first one is six back now, out of the history.
    expect((await change(mlps, cookie, passwords[5]!, GOOD_PASSWORD)).statusCode).toBe(200);
    // A reset obeys the same history: the current password is refused.
    const reused = await reset(mlps, contact, GOOD_PASSWORD);
    expect(reused.json().code).toBe('password.reused');
    expect((await reset(mlps, contact, 'Brand-new-lantern-77')).statusCode).toBe(204);
    // Kept as argon2id hashes only, at most four former ones (the current one is the fifth).
    const { rows } = await mlps.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM password_history WHERE account_id = $1',
      [account.id],
    );
    expect(rows).toHaveLength(MLPS_PASSWORD_HISTORY - 1);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('nist: the previous password may come back, and no history is kept', async () => {
    const { cookie, account } = await nist.register();
    expect((await change(nist, cookie, GOOD_PASSWORD, 'Harbour-lantern-19')).statusCode).toBe(200);
    expect((await change(nist, cookie, 'Harbour-lantern-19', GOOD_PASSWORD)).statusCode).toBe(200);
    const { rows } = await nist.db.query('SELECT 1 FROM password_history WHERE account_id = $1', [account.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('8.1.4.1 a: optional password expiry (PASSWORD_MAX_AGE_DAYS, mlps only)', () => {
  it('an older right password is refused with auth.password_expired; a reset lets the account in again', async () => {
    const { contact } = await mlps.register();
    mlps.clock.advance(90 * 86_400 - 60);
    expect((await login(mlps, contact)).statusCode).toBe(200);
    mlps.clock.advance(120);
    const expired = await login(mlps, contact);
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toMatchObject({ code: 'auth.password_expired', details: { maxAgeDays: 90 } });
    // A wrong password still says only the generic failure (no hint that the account exists).
    expect((await login(mlps, contact, 'Not-the-password-1')).json().code).toBe('auth.invalid_credentials');
    expect((await reset(mlps, contact, 'Brand-new-lantern-78')).statusCode).toBe(204);
    expect((await login(mlps, contact, 'Brand-new-lantern-78')).statusCode).toBe(200);
  });

  it('nist: a password never expires', async () => {
    const { contact } = await nist.register();
    nist.clock.advance(400 * 86_400);
    expect((await login(nist, contact)).statusCode).toBe(200);
  });
});

describe('8.1.4.1 b: a hard lock of 30 minutes after 5 failures under mlps', () => {
  it('mlps: the right password waits 30 minutes, counted per identifier for unknown ones alike', async () => {
    const { contact } = await mlps.register();
    const unknown = uniquePhone();
    for (let i = 0; i <= MLPS_LOGIN_LOCK.freeFailures; i++) {
      await login(mlps, contact, `Wrong-password-${i}`);
      await login(mlps, unknown, `Wrong-password-${i}`);
    }
    const locked = await login(mlps, contact);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'auth.throttled', details: { retryAfterSeconds: 30 * 60 } });
    expect(locked.headers['retry-after']).toBe(String(30 * 60));
    expect((await login(mlps, unknown)).json()).toMatchObject({ details: { retryAfterSeconds: 30 * 60 } });
    mlps.clock.advance(30 * 60 - 1);
    expect((await login(mlps, contact)).json()).toMatchObject({
      code: 'auth.throttled',
      details: { retryAfterSeconds: 1 },
    });
    mlps.clock.advance(1);
    expect((await login(mlps, contact)).statusCode).toBe(200);
  });

  it('nist: the progressive delay starts at 1 s', async () => {
    const { contact } = await nist.register();
    for (let i = 0; i < 5; i++) await login(nist, contact, `Wrong-password-${i}`);
    expect((await login(nist, contact)).json()).toMatchObject({
      code: 'auth.throttled',
      details: { retryAfterSeconds: 1 },
    });
  });
});

describe('8.1.4.1 b: idle log-out after 15 minutes under mlps (30 by default)', () => {
  it('mlps ends a developer session idle for 15 minutes; nist keeps it', async () => {
    const m = await mlps.register();
    const n = await nist.register();
    mlps.clock.advance(14 * 60);
    nist.clock.advance(14 * 60);
    expect((await mlps.request({ url: '/api/v1/me', cookie: m.cookie })).statusCode).toBe(200);
    expect((await nist.request({ url: '/api/v1/me', cookie: n.cookie })).statusCode).toBe(200);
    mlps.clock.advance(15 * 60 + 1);
    nist.clock.advance(15 * 60 + 1);
    expect((await mlps.request({ url: '/api/v1/me', cookie: m.cookie })).statusCode).toBe(401);
    expect((await nist.request({ url: '/api/v1/me', cookie: n.cookie })).statusCode).toBe(200);
  });
});

describe('8.1.4.1 d: a second factor for staff and enterprise accounts under mlps', () => {
  it('a certified enterprise developer enrols TOTP before anything else; then the session is whole', async () => {
    const { contact, account } = await mlps.register();
    await approve(mlps, account.id, 'enterprise');
    const res = await login(mlps, contact);
    expect(res.statusCode).toBe(200);
    expect(res.json().mfa).toBe('setup');
    const cookie = mlps.sessionCookie(res)!;
    const refused = await mlps.request({ url: '/api/v1/apps', cookie });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.second_factor_enrollment_required');
    expect((await mlps.request({ url: '/api/v1/me', cookie })).json().mfa).toBe('setup');
    const setup = await mlps.request({ url: '/api/v1/me/totp/setup', body: {}, cookie });
    expect(setup.statusCode).toBe(201);
    const confirmed = await mlps.request({
      url: '/api/v1/me/totp/confirm',
      body: { code: totpCode(mlps, setup.json().secret) },
      cookie,
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await mlps.request({ url: '/api/v1/apps', cookie })).statusCode).toBe(200);
    expect((await mlps.request({ url: '/api/v1/me', cookie })).json().mfa).toBeUndefined();
    // From now on a password log-in asks for the code (the existing second step).
    mlps.clock.advance(31);
    expect((await login(mlps, contact)).statusCode).toBe(202);
  });

  it('a personal developer under mlps, and an enterprise one under nist, are not asked', async () => {
    const personal = await mlps.register();
    await approve(mlps, personal.account.id, 'personal');
    const a = await login(mlps, personal.contact);
    expect(a.json().mfa).toBeUndefined();
    expect((await mlps.request({ url: '/api/v1/apps', cookie: mlps.sessionCookie(a) })).statusCode).toBe(200);
    const enterprise = await nist.register();
    await approve(nist, enterprise.account.id, 'enterprise');
    const b = await login(nist, enterprise.contact);
    expect(b.json().mfa).toBeUndefined();
    expect((await nist.request({ url: '/api/v1/apps', cookie: nist.sessionCookie(b) })).statusCode).toBe(200);
  });

  it('staff need their TOTP under either profile (half-open until verified)', async () => {
    const staff = await staffSession(mlps, 'reviewer');
    expect(staff.loginBody.mfa).toBe('setup');
    expect((await mlps.request({ url: '/api/v1/admin/certifications', cookie: staff.cookie })).statusCode).toBe(200);
  });
});

describe('8.1.4.3: the admins’ audit export (CSV or JSON, by time range, streamed, audited)', () => {
  const exportUrl = (from: string, to: string, format?: string) =>
    `/api/v1/admin/audit-events/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${format ? `&format=${format}` : ''}`;

  it('exports every row of the range in order over several pages, as CSV and as JSON', async () => {
    const admin = await staffSession(mlps, 'admin');
    const from = new Date(mlps.clock.now().getTime() + 1000);
    // 1,203 rows (more than two pages of 500), one with a formula-looking user agent.
    await mlps.db.query(
      `INSERT INTO audit_events (at, actor, ip, user_agent, event, outcome, details)
       SELECT $1::timestamptz + (n || ' milliseconds')::interval, 'system', '203.0.113.9', 'test-agent', 'login', 'failure',
              jsonb_build_object('n', n)
         FROM generate_series(1, 1202) AS n`,
      [from],
    );
    await mlps.db.query(
      `INSERT INTO audit_events (at, actor, ip, user_agent, event, outcome) VALUES ($1, 'anonymous', '203.0.113.9', $2, 'login', 'failure')`,
      [new Date(from.getTime() + 5000), '=HYPERLINK("http://evil.example")'],
    );
    const to = new Date(from.getTime() + 10_000).toISOString();
    const csv = await mlps.request({ url: exportUrl(from.toISOString(), to), cookie: admin.cookie });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}T\d{6}-\d{8}T\d{6}\.csv"$/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,account_id,actor,ip,user_agent,event,outcome,details');
    expect(lines).toHaveLength(1 + 1203);
    expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const ats = lines.slice(1).map((l) => l.split(',')[1]!);
    expect([...ats].sort()).toEqual(ats);

    const json = await mlps.request({ url: exportUrl(from.toISOString(), to, 'json'), cookie: admin.cookie });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const rows = JSON.parse(json.body) as { details: { n?: number }; event: string }[];
    expect(rows).toHaveLength(1203);
    expect(rows.slice(0, 1202).map((r) => r.details.n)).toEqual(Array.from({ length: 1202 }, (_, i) => i + 1));

    // Each export is itself audited, with the range and the format.
    const { rows: audited } = await mlps.db.query<{ details: { format: string } }>(
      `SELECT details FROM audit_events WHERE event = 'audit.exported' AND account_id = $1 ORDER BY id`,
      [admin.id],
    );
    expect(audited.map((r) => r.details.format)).toEqual(['csv', 'json']);
  });

  it('admins only; a range must be forward and at most 366 days', async () => {
    const admin = await staffSession(mlps, 'admin');
    const reviewer = await staffSession(mlps, 'reviewer');
    const dev = await mlps.register();
    const from = '2026-01-01T00:00:00Z';
    expect(
      (await mlps.request({ url: exportUrl(from, '2026-02-01T00:00:00Z'), cookie: reviewer.cookie })).statusCode,
    ).toBe(403);
    expect((await mlps.request({ url: exportUrl(from, '2026-02-01T00:00:00Z'), cookie: dev.cookie })).statusCode).toBe(
      403,
    );
    expect((await mlps.request({ url: exportUrl(from, '2026-02-01T00:00:00Z') })).statusCode).toBe(401);
    const backwards = await mlps.request({ url: exportUrl(from, '2025-12-01T00:00:00Z'), cookie: admin.cookie });
    expect(backwards.json()).toMatchObject({ code: 'request.invalid', details: { field: 'to' } });
    const tooLong = await mlps.request({ url: exportUrl(from, '2027-01-03T00:00:00Z'), cookie: admin.cookie });
    expect(tooLong.statusCode).toBe(400);
    expect(
      (await mlps.request({ url: exportUrl('yesterday', '2026-02-01T00:00:00Z'), cookie: admin.cookie })).statusCode,
    ).toBe(400);
    // The default profile has the export too.
    const nistAdmin = await staffSession(nist, 'admin');
    expect(
      (await nist.request({ url: exportUrl(from, '2026-02-01T00:00:00Z'), cookie: nistAdmin.cookie })).statusCode,
    ).toBe(200);
  });
});

describe('8.1.4.3 c: audit rows younger than 180 days are never dropped under mlps', () => {
  it('maintenance keeps a month until 180 days after it ended', async () => {
    const t = await startTestApp({ env: { SECURITY_PROFILE: 'mlps' } });
    try {
      expect(t.config.maintenance.auditRetentionDays).toBe(180);
      const march = new Date('2026-03-15T12:00:00Z');
      t.clock.advance((march.getTime() - t.clock.now().getTime()) / 1000);
      await t.container.maintenance.runOnce();
      await t.db.query(
        `INSERT INTO audit_events (at, actor, event, outcome) VALUES ($1, 'system', 'login', 'success')`,
        ['2026-03-31T23:00:00Z'],
      );
      const kept = async () =>
        (await t.db.query(`SELECT 1 FROM audit_events WHERE at = '2026-03-31T23:00:00Z'`)).rows.length;
      // 179 days after the row: still there (March ends 2026-04-01, + 180 days = 2026-09-28).
      const due = new Date('2026-09-28T00:00:00Z');
      t.clock.advance((due.getTime() - t.clock.now().getTime()) / 1000 - 1);
      await t.container.maintenance.runOnce();
      expect(await kept()).toBe(1);
      t.clock.advance(1);
      await t.container.maintenance.runOnce();
      expect(await kept()).toBe(0);
    } finally {
      await t.close();
    }
  });
});
