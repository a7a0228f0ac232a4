import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../src/platform/throttle.js';
import { decide, newIdNumber, personalBody, staffSession, submit, totpCode } from './certification-helpers.js';
import { failedLogins, GOOD_PASSWORD, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (url: string, body: object, cookie?: string) => t.request({ url, body, cookie, ip: randomIp() });
const logIn = (identifier: string, password = GOOD_PASSWORD) => post('/api/v1/sessions', { identifier, password });
const secondStep = (body: object) => post('/api/v1/sessions/second-factor', body);

/** A developer with TOTP turned on; returns the secret and the recovery codes. */
async function withTotp() {
  const dev = await t.register();
  const setup = await post('/api/v1/me/totp/setup', {}, dev.cookie);
  expect(setup.statusCode).toBe(201);
  const { secret, otpauthUrl } = setup.json<{ secret: string; otpauthUrl: string }>();
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
  const confirmed = await post('/api/v1/me/totp/confirm', { code: totpCode(t, secret) }, dev.cookie);
  expect(confirmed.statusCode).toBe(200);
  const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
  // The next code must come from a later time step (one step per account).
  t.clock.advance(30);
  return { ...dev, secret, recoveryCodes };
}

async function pendingToken(contact: string) {
  const res = await logIn(contact);
  expect(res.statusCode).toBe(202);
  expect(t.sessionCookie(res)).toBeNull();
  return res.json<{ pendingToken: string; methods: string[] }>();
}

const failures = (accountId: string) => failedLogins(t.db, { id: accountId });

describe('platform addition 1: developer TOTP', () => {
  it('set-up is confirmed by a first code; until then log-in needs only the password', async () => {
    const dev = await t.register();
    const setup = (await post('/api/v1/me/totp/setup', {}, dev.cookie)).json<{ secret: string }>();
    // Not confirmed yet: a password log-in still starts a session.
    expect((await logIn(dev.contact)).statusCode).toBe(200);
    const wrong = await post('/api/v1/me/totp/confirm', { code: '000000' }, dev.cookie);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('mfa.code_invalid');
    const ok = await post('/api/v1/me/totp/confirm', { code: totpCode(t, setup.secret) }, dev.cookie);
    expect(ok.statusCode).toBe(200);
    const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const status = (await t.request({ url: '/api/v1/me/second-factors', cookie: dev.cookie })).json();
    expect(status).toMatchObject({ totp: true, recoveryCodesLeft: 10, passkeys: [] });
    // Recovery codes are stored only as HMACs.
    const { rows } = await t.db.query<{ code_hash: Buffer }>(
      'SELECT code_hash FROM recovery_codes WHERE account_id = $1',
      [dev.account.id],
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) for (const code of codes) expect(row.code_hash.toString('utf8')).not.toContain(code);
    // A second set-up is refused while one is on.
    expect((await post('/api/v1/me/totp/setup', {}, dev.cookie)).json().code).toBe('mfa.already_enrolled');
  });

  it('after the password, log-in asks for the code; no session before it', async () => {
    const dev = await withTotp();
    const pending = await pendingToken(dev.contact);
    expect(pending.methods).toEqual(['totp', 'recovery_code']);
    const wrong = await secondStep({ pendingToken: pending.pendingToken, code: '123456' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('mfa.code_invalid');
    expect(t.sessionCookie(wrong)).toBeNull();
    const ok = await secondStep({ pendingToken: pending.pendingToken, code: totpCode(t, dev.secret) });
    expect(ok.statusCode).toBe(200);
    const cookie = t.sessionCookie(ok)!;
    expect((await t.request({ url: '/api/v1/me', cookie })).json().id).toBe(dev.account.id);
    // The pending token is used up by the session it became.
    t.clock.advance(30);
    const again = await secondStep({ pendingToken: pending.pendingToken, code: totpCode(t, dev.secret) });
    expect(again.json().code).toBe('ticket.invalid');
  });

  it('the pending log-in expires after 5 minutes and cannot be forged', async () => {
    const dev = await withTotp();
    const pending = await pendingToken(dev.contact);
    expect((await secondStep({ pendingToken: 'not-a-token', code: totpCode(t, dev.secret) })).json().code).toBe(
      'ticket.invalid',
    );
    t.clock.advance(301);
    const late = await secondStep({ pendingToken: pending.pendingToken, code: totpCode(t, dev.secret) });
    expect(late.json().code).toBe('ticket.invalid');
  });

  it('a time step is accepted once per account', async () => {
    const dev = await withTotp();
    const code = totpCode(t, dev.secret);
    const first = await pendingToken(dev.contact);
    expect((await secondStep({ pendingToken: first.pendingToken, code })).statusCode).toBe(200);
    const second = await pendingToken(dev.contact);
    const replay = await secondStep({ pendingToken: second.pendingToken, code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('mfa.code_invalid');
    // An older step than the last one used is refused as well.
    expect(
      (await secondStep({ pendingToken: second.pendingToken, code: totpCode(t, dev.secret, -1) })).statusCode,
    ).toBe(400);
  });

  it('a recovery code works once', async () => {
    const dev = await withTotp();
    const [code] = dev.recoveryCodes;
    const first = await pendingToken(dev.contact);
    // Case and the dash do not matter.
    const ok = await secondStep({
      pendingToken: first.pendingToken,
      recoveryCode: code!.toLowerCase().replace('-', ''),
    });
    expect(ok.statusCode).toBe(200);
    const second = await pendingToken(dev.contact);
    const reused = await secondStep({ pendingToken: second.pendingToken, recoveryCode: code });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('mfa.code_invalid');
    const status = (await t.request({ url: '/api/v1/me/second-factors', cookie: t.sessionCookie(ok)! })).json();
    expect(status.recoveryCodesLeft).toBe(9);
  });

  it('regenerating recovery codes (with the password) voids the old ones', async () => {
    const dev = await withTotp();
    const refused = await post('/api/v1/me/recovery-codes', { password: 'wrong-password-here' }, dev.cookie);
    expect(refused.json().code).toBe('password.current_incorrect');
    const res = await post('/api/v1/me/recovery-codes', { password: GOOD_PASSWORD }, dev.cookie);
    expect(res.statusCode).toBe(200);
    const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const pending = await pendingToken(dev.contact);
    expect(
      (await secondStep({ pendingToken: pending.pendingToken, recoveryCode: dev.recoveryCodes[0] })).statusCode,
    ).toBe(400);
    expect((await secondStep({ pendingToken: pending.pendingToken, recoveryCode: fresh[0] })).statusCode).toBe(200);
  });

  it('SECURITY 14: wrong codes feed the same throttle as passwords; the right password does not clear it', async () => {
    const dev = await withTotp();
    const { pendingToken: token } = await pendingToken(dev.contact);
    for (let i = 0; i < LOGIN_THROTTLE.freeFailures + 1; i++) {
      expect((await secondStep({ pendingToken: token, code: '000000' })).statusCode).toBe(400);
    }
    // Wrong recovery codes count too (after the 1 s delay the fifth failure earned).
    t.clock.advance(2);
    await secondStep({ pendingToken: token, recoveryCode: 'AAAAA-AAAAA' });
    expect(await failures(dev.account.id)).toBe(LOGIN_THROTTLE.freeFailures + 2);
    // Throttled now: even the right code fails, and so does the right password.
    const right = await secondStep({ pendingToken: token, code: totpCode(t, dev.secret) });
    expect(right.json().code).toBe('mfa.code_invalid');
    expect((await logIn(dev.contact)).json().code).toBe('auth.throttled');
    // After the delay, a right password alone does not reset the counter: only a full log-in does.
    t.clock.advance(3600);
    const next = await pendingToken(dev.contact);
    expect(await failures(dev.account.id)).toBe(LOGIN_THROTTLE.freeFailures + 2);
    expect((await secondStep({ pendingToken: next.pendingToken, code: totpCode(t, dev.secret) })).statusCode).toBe(200);
    expect(await failures(dev.account.id)).toBe(0);
  });

  it('a password reset does not remove the second factor', async () => {
    const dev = await withTotp();
    t.clock.advance(61);
    expect((await t.sendCode(dev.contact, randomIp(), 'reset_password')).statusCode).toBe(202);
    const ticket = await post('/api/v1/password-reset/tickets', {
      to: dev.contact,
      code: await t.latestCode(dev.contact),
    });
    expect(ticket.statusCode).toBe(201);
    const newPassword = 'amber-falcon-meadow-77';
    const reset = await post('/api/v1/password-reset', { ticket: ticket.json().ticket, password: newPassword });
    expect(reset.statusCode).toBe(204);
    const res = await logIn(dev.contact, newPassword);
    expect(res.statusCode).toBe(202);
    expect(t.sessionCookie(res)).toBeNull();
  });

  it('turning TOTP off needs the password and a current code', async () => {
    const dev = await withTotp();
    const code = totpCode(t, dev.secret);
    const noPassword = await post('/api/v1/me/totp/disable', { password: 'not-my-password', code }, dev.cookie);
    expect(noPassword.json().code).toBe('password.current_incorrect');
    const badCode = await post('/api/v1/me/totp/disable', { password: GOOD_PASSWORD, code: '000000' }, dev.cookie);
    expect(badCode.json().code).toBe('mfa.code_invalid');
    const recovery = await post(
      '/api/v1/me/totp/disable',
      { password: GOOD_PASSWORD, code: dev.recoveryCodes[0] },
      dev.cookie,
    );
    expect(recovery.json().code).toBe('mfa.code_invalid');
    const off = await post('/api/v1/me/totp/disable', { password: GOOD_PASSWORD, code }, dev.cookie);
    expect(off.statusCode).toBe(204);
    expect((await logIn(dev.contact)).statusCode).toBe(200);
    const { rows } = await t.db.query('SELECT 1 FROM recovery_codes WHERE account_id = $1', [dev.account.id]);
    expect(rows).toHaveLength(0);
  });

  it('every change is in the security history', async () => {
    const dev = await withTotp();
    await post('/api/v1/me/recovery-codes', { password: GOOD_PASSWORD }, dev.cookie);
    await post('/api/v1/me/totp/disable', { password: GOOD_PASSWORD, code: totpCode(t, dev.secret) }, dev.cookie);
    const events = (await t.request({ url: '/api/v1/me/security-events', cookie: dev.cookie })).json<{
      items: { event: string; outcome: string }[];
    }>().items;
    const names = events.filter((e) => e.outcome === 'success').map((e) => e.event);
    expect(names).toEqual(
      expect.arrayContaining(['mfa.totp_enabled', 'mfa.recovery_codes_regenerated', 'mfa.totp_disabled']),
    );
  });

  it('staff cannot use the developer TOTP routes', async () => {
    const staff = await staffSession(t);
    expect((await post('/api/v1/me/totp/setup', {}, staff.cookie)).statusCode).toBe(403);
  });
});

describe('platform addition 2: admin-assisted recovery needs the certification identity to match', () => {
  async function certifiedWithTotp() {
    const dev = await withTotp();
    const idNumber = newIdNumber();
    const sent = await submit(t, dev.cookie, await personalBody(t, dev.cookie, { idNumber }));
    expect(sent.statusCode).toBe(200);
    const admin = await staffSession(t, 'admin');
    expect((await decide(t, admin.cookie, dev.account.id, { version: 1, decision: 'approved' })).statusCode).toBe(200);
    return { dev, idNumber, admin };
  }
  const resetUrl = (id: string) => `/api/v1/admin/accounts/${id}/second-factors/reset`;
  const resetAudit = async (accountId: string) =>
    (
      await t.db.query(`SELECT actor, outcome FROM audit_events WHERE account_id = $1 AND event = 'mfa.admin_reset'`, [
        accountId,
      ])
    ).rows;

  it('a non-matching identity is refused and audited; the second factor stays', async () => {
    const { dev, admin } = await certifiedWithTotp();
    const res = await post(resetUrl(dev.account.id), { identity: newIdNumber() }, admin.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('mfa.identity_mismatch');
    expect((await logIn(dev.contact)).statusCode).toBe(202);
    expect(await resetAudit(dev.account.id)).toEqual([{ actor: `staff:${admin.id}`, outcome: 'failure' }]);
  });

  it('a matching identity removes the second factor, audited', async () => {
    const { dev, idNumber, admin } = await certifiedWithTotp();
    // Only admins, not reviewers.
    const reviewer = await staffSession(t, 'reviewer');
    expect((await post(resetUrl(dev.account.id), { identity: idNumber }, reviewer.cookie)).statusCode).toBe(403);
    const res = await post(resetUrl(dev.account.id), { identity: idNumber.toLowerCase() }, admin.cookie);
    expect(res.statusCode).toBe(204);
    expect((await logIn(dev.contact)).statusCode).toBe(200);
    expect(await resetAudit(dev.account.id)).toEqual([{ actor: `staff:${admin.id}`, outcome: 'success' }]);
  });

  it('an account without an approved certification cannot be recovered this way', async () => {
    const dev = await withTotp();
    const admin = await staffSession(t, 'admin');
    const res = await post(resetUrl(dev.account.id), { identity: newIdNumber() }, admin.cookie);
    expect(res.json().code).toBe('mfa.identity_mismatch');
  });
});
