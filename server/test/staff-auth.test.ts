import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfOpenStaff, totpCode } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const setup = async (cookie: string) =>
  (await t.request({ url: '/api/v1/sessions/current/totp/setup', body: {}, cookie })).json() as {
    secret: string;
    otpauthUrl: string;
  };

describe('staff TOTP set-up', () => {
  it('repeated set-up calls while unconfirmed hand out the same secret, and its code verifies', async () => {
    const { cookie } = await halfOpenStaff(t);
    const first = await setup(cookie);
    t.clock.advance(60);
    const second = await setup(cookie);
    expect(second.secret).toBe(first.secret);
    expect(second.otpauthUrl).toBe(first.otpauthUrl);
    const verified = await t.request({
      url: '/api/v1/sessions/current/totp',
      body: { code: totpCode(t, first.secret) },
      cookie,
    });
    expect(verified.statusCode).toBe(204);
  });

  it('an unconfirmed secret older than 15 minutes is replaced by the next set-up call', async () => {
    const staff = await halfOpenStaff(t);
    const first = await setup(staff.cookie);
    t.clock.advance(15 * 60 + 1);
    // The half-open session has expired meanwhile: the staff member logs in again.
    const cookie = await staff.logIn();
    const second = await setup(cookie);
    expect(second.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(second.secret).not.toBe(first.secret);
    const stale = await t.request({
      url: '/api/v1/sessions/current/totp',
      body: { code: totpCode(t, first.secret) },
      cookie,
    });
    expect(stale.json().code).toBe('mfa.code_invalid');
  });
});
