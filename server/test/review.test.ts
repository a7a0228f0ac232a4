import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decide,
  enterpriseBody,
  newIdNumber,
  personalBody,
  staffSession,
  submit,
  totpCode,
} from './certification-helpers.js';
import { GOOD_PASSWORD, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.request({ url, cookie });
const versionOf = async (cookie: string, accountId: string) =>
  (await get(`/api/v1/admin/certifications/${accountId}`, cookie)).json().version as number;

/** A developer with a pending enterprise submission. */
async function pendingDeveloper(overrides: Record<string, unknown> = {}) {
  const dev = await t.register();
  const res = await submit(t, dev.cookie, await enterpriseBody(t, dev.cookie, overrides));
  if (res.statusCode !== 200) throw new Error(res.body);
  return dev;
}

describe('SECURITY 16 and 28: staff need TOTP; developers are refused; no default staff', () => {
  it('a fresh database has no staff account at all', async () => {
    const fresh = await startTestApp();
    try {
      const { rows } = await fresh.db.query(`SELECT count(*)::int AS n FROM accounts WHERE role <> 'developer'`);
      expect(rows[0]).toEqual({ n: 0 });
    } finally {
      await fresh.close();
    }
  });

  it('a developer calling staff routes gets 403', async () => {
    const dev = await pendingDeveloper();
    for (const url of ['/api/v1/admin/certifications', `/api/v1/admin/certifications/${dev.account.id}`]) {
      const res = await get(url, dev.cookie);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await decide(t, dev.cookie, dev.account.id, { version: 1, decision: 'approved' })).statusCode).toBe(403);
  });

  it('staff log-in is half-open until the TOTP is set up and verified; a code works once', async () => {
    const staff = await staffSession(t);
    expect(staff.loginBody.mfa).toBe('setup');
    // A second log-in: the authenticator is set up now, so it asks to verify.
    const login = await t.request({
      url: '/api/v1/sessions',
      body: { identifier: staff.email, password: staff.password },
    });
    expect(login.json().mfa).toBe('verify');
    const cookie = t.sessionCookie(login)!;
    const blocked = await get('/api/v1/admin/certifications', cookie);
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().code).toBe('auth.mfa_required');
    expect((await get('/api/v1/me', cookie)).json().mfa).toBe('verify');
    // The code used at set-up cannot be replayed; a wrong one fails; the next step's code works.
    const replay = await t.request({
      url: '/api/v1/sessions/current/totp',
      body: { code: totpCode(t, staff.secret) },
      cookie,
    });
    expect(replay.json().code).toBe('mfa.code_invalid');
    expect(
      (await t.request({ url: '/api/v1/sessions/current/totp', body: { code: '000000' }, cookie })).json().code,
    ).toBe('mfa.code_invalid');
    t.clock.advance(30);
    expect(
      (await t.request({ url: '/api/v1/sessions/current/totp', body: { code: totpCode(t, staff.secret) }, cookie }))
        .statusCode,
    ).toBe(204);
    expect((await get('/api/v1/admin/certifications', cookie)).statusCode).toBe(200);
    // Set-up cannot be redone once enrolled.
    expect((await t.request({ url: '/api/v1/sessions/current/totp/setup', body: {}, cookie })).json().code).toBe(
      'mfa.already_enrolled',
    );
  });

  it('staff sessions idle out after 15 minutes and end after 8 hours', async () => {
    const staff = await staffSession(t);
    t.clock.advance(14 * 60);
    expect((await get('/api/v1/admin/certifications', staff.cookie)).statusCode).toBe(200);
    t.clock.advance(16 * 60);
    expect((await get('/api/v1/admin/certifications', staff.cookie)).statusCode).toBe(401);
    const busy = await staffSession(t);
    for (let m = 0; m < 8 * 60 - 10; m += 10) {
      t.clock.advance(10 * 60);
      expect((await get('/api/v1/me', busy.cookie)).statusCode).toBe(200);
    }
    t.clock.advance(11 * 60);
    expect((await get('/api/v1/me', busy.cookie)).statusCode).toBe(401);
  });

  it('staff cannot certify themselves (developer routes refuse them)', async () => {
    const staff = await staffSession(t);
    expect(
      (
        await submit(t, staff.cookie, {
          type: 'personal',
          consent: true,
          consentVersion: 'x',
          contactPhone: '13800138000',
        })
      ).json().code,
    ).toBe('auth.forbidden');
  });

  it('developers can never use the TOTP routes', async () => {
    const dev = await t.register();
    expect(
      (await t.request({ url: '/api/v1/sessions/current/totp/setup', body: {}, cookie: dev.cookie })).statusCode,
    ).toBe(403);
  });
});

describe('review queue', () => {
  it('pending first by deadline, overdue flagged, filters and search by name/phone/email', async () => {
    const reviewer = await staffSession(t);
    const early = await pendingDeveloper({ companyName: '最早提交科技有限公司' });
    t.clock.advance(5 * 86_400); // early is overdue now (deadline was 3 working days out)
    const staff = await staffSession(t);
    const late = await pendingDeveloper({ companyName: '稍后提交科技有限公司' });
    void reviewer;
    const queue = (await get('/api/v1/admin/certifications?state=pending&pageSize=100', staff.cookie)).json();
    const ids = queue.items.map((i: { accountId: string }) => i.accountId);
    expect(ids.indexOf(early.account.id)).toBeLessThan(ids.indexOf(late.account.id));
    const deadlines = queue.items.map((i: { deadline: string }) => i.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    expect(queue.items.find((i: { accountId: string }) => i.accountId === early.account.id).overdue).toBe(true);
    expect(queue.items.find((i: { accountId: string }) => i.accountId === late.account.id).overdue).toBe(false);
    const byName = (await get(`/api/v1/admin/certifications?q=${encodeURIComponent('稍后提交')}`, staff.cookie)).json();
    expect(byName.items.map((i: { accountId: string }) => i.accountId)).toEqual([late.account.id]);
    const byPhone = (
      await get(`/api/v1/admin/certifications?q=${encodeURIComponent(late.contact.slice(3))}`, staff.cookie)
    ).json();
    expect(byPhone.items.map((i: { accountId: string }) => i.accountId)).toEqual([late.account.id]);
    expect(byPhone.items[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const personal = (await get('/api/v1/admin/certifications?type=personal', staff.cookie)).json();
    expect(personal.items.every((i: { type: string }) => i.type === 'personal')).toBe(true);
    // LIKE wildcards are literal.
    expect((await get('/api/v1/admin/certifications?q=%25', staff.cookie)).json().total).toBe(0);
  });
});

describe('decisions', () => {
  it('SECURITY 31: two reviewers deciding at once — exactly one wins, the other is told', async () => {
    const a = await staffSession(t);
    const b = await staffSession(t);
    const dev = await pendingDeveloper();
    const version = await versionOf(a.cookie, dev.account.id);
    const results = await Promise.all([
      decide(t, a.cookie, dev.account.id, { version, decision: 'approved' }),
      decide(t, b.cookie, dev.account.id, { version, decision: 'rejected', reason: '资料不全' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('certification.already_decided');
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE account_id = $1 AND event IN ('certification.approved', 'certification.rejected')`,
      [dev.account.id],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('a decision on a version the developer has since edited is refused', async () => {
    const staff = await staffSession(t);
    const dev = t.register();
    const { cookie, account } = await dev;
    const body = await personalBody(t, cookie);
    await submit(t, cookie, body);
    const seen = await versionOf(staff.cookie, account.id);
    await submit(t, cookie, { ...body, realName: '王五' });
    expect((await decide(t, staff.cookie, account.id, { version: seen, decision: 'approved' })).json().code).toBe(
      'certification.already_decided',
    );
  });

  it('the developer is notified of the outcome and sees the reason as text', async () => {
    const staff = await staffSession(t);
    const dev = await pendingDeveloper();
    const reason = '<img src=x onerror=alert(1)> 营业执照模糊';
    await decide(t, staff.cookie, dev.account.id, {
      version: await versionOf(staff.cookie, dev.account.id),
      decision: 'rejected',
      reason,
    });
    expect((await t.outbox(dev.contact))[0]!.text).toMatch(/未通过|not approved/);
    const view = await get('/api/v1/certification', dev.cookie);
    expect(view.headers['content-type']).toMatch(/^application\/json/);
    expect(view.json().status.rejectReason).toBe(reason);
  });

  it('unknown accounts answer 404', async () => {
    const staff = await staffSession(t);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/api/v1/admin/certifications/${id}`, staff.cookie)).statusCode).toBe(404);
    expect((await decide(t, staff.cookie, id, { version: 1, decision: 'approved' })).statusCode).toBe(404);
  });
});

describe('SECURITY 35: reveal is audited; staff see files', () => {
  it('the detail is masked; a reveal returns the full number and writes an audit event naming the reviewer', async () => {
    const staff = await staffSession(t);
    const dev = await t.register();
    const idNumber = newIdNumber();
    await submit(t, dev.cookie, await personalBody(t, dev.cookie, { idNumber }));
    const detail = await get(`/api/v1/admin/certifications/${dev.account.id}`, staff.cookie);
    expect(detail.body).not.toContain(idNumber);
    expect(detail.json().history[0].identityMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    const reveal = await t.request({
      url: `/api/v1/admin/certifications/${dev.account.id}/reveal`,
      body: {},
      cookie: staff.cookie,
    });
    expect(reveal.json()).toEqual({ identity: idNumber });
    const { rows } = await t.db.query<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE event = 'certification.revealed' AND account_id = $1`,
      [dev.account.id],
    );
    expect(rows).toEqual([{ actor: `staff:${staff.id}` }]);
    const fileId = detail.json().history[0].fileIds[0] as string;
    const file = await get(`/api/v1/admin/files/${fileId}`, staff.cookie);
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('no-store');
    expect((await get(`/api/v1/admin/files/${fileId}`, dev.cookie)).statusCode).toBe(403);
  });
});

describe('SECURITY 21: disabling an account', () => {
  it('an admin disables a developer: every session ends and log-in fails; a reviewer may not', async () => {
    const reviewer = await staffSession(t, 'reviewer');
    const admin = await staffSession(t, 'admin');
    const dev = await t.register();
    const second = t.sessionCookie(
      await t.request({
        url: '/api/v1/sessions',
        body: { identifier: dev.contact, password: GOOD_PASSWORD },
        ip: randomIp(),
      }),
    )!;
    const url = `/api/v1/admin/accounts/${dev.account.id}/disable`;
    expect((await t.request({ url, body: {}, cookie: reviewer.cookie })).statusCode).toBe(403);
    expect((await t.request({ url, body: {}, cookie: admin.cookie })).statusCode).toBe(204);
    expect((await get('/api/v1/me', dev.cookie)).statusCode).toBe(401);
    expect((await get('/api/v1/me', second)).statusCode).toBe(401);
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sessions WHERE account_id = $1 AND ended_at IS NULL',
      [dev.account.id],
    );
    expect(rows[0]).toEqual({ n: 0 });
    expect(
      (
        await t.request({
          url: '/api/v1/sessions',
          body: { identifier: dev.contact, password: GOOD_PASSWORD },
          ip: randomIp(),
        })
      ).statusCode,
    ).toBe(401);
    // Staff accounts cannot be disabled through this route.
    expect(
      (await t.request({ url: `/api/v1/admin/accounts/${reviewer.id}/disable`, body: {}, cookie: admin.cookie }))
        .statusCode,
    ).toBe(404);
  });
});
