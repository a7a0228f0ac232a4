import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccounts } from '../src/flows/staff-auth/staff-accounts.js';
import { createAccountsRepository } from '../src/platform/accounts-repository.js';
import { createPasswords } from '../src/platform/passwords.js';
import { totpCode } from './certification-helpers.js';
import { startTestApp, uniqueEmail, type TestApp } from './harness.js';

/** Issue 14, finding 8: the operator-printed first password is replaced before the TOTP set-up. */
describe('SECURITY 16/28 (issue 14 finding 8): a staff member’s first password must be changed at first log-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const NEW_PASSWORD = 'amber-heron-lantern-77';

  it('log-in with the CLI password → step "password"; TOTP set-up is refused until it is replaced; then set-up and verify', async () => {
    const staff = createStaffAccounts({
      db: t.db,
      clock: t.clock,
      accounts: createAccountsRepository(),
      passwords: createPasswords({ minLength: 8 }),
    });
    const email = uniqueEmail();
    const { password } = await staff.create({ email, phone: null, role: 'reviewer' });

    const login = await t.request({ url: '/api/v1/sessions', body: { identifier: email, password } });
    expect(login.statusCode).toBe(200);
    const cookie = t.sessionCookie(login)!;
    expect((await t.request({ url: '/api/v1/me', cookie })).json().mfa).toBe('password');

    const early = await t.request({ url: '/api/v1/sessions/current/totp/setup', body: {}, cookie });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('auth.password_change_required');
    // The half-open session reaches nothing else either.
    expect((await t.request({ url: '/api/v1/admin/certifications', cookie })).json().code).toBe('auth.mfa_required');

    const wrong = await t.request({
      url: '/api/v1/sessions/current/first-password',
      body: { currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD },
      cookie,
    });
    expect(wrong.json().code).toBe('password.current_incorrect');
    const replaced = await t.request({
      url: '/api/v1/sessions/current/first-password',
      body: { currentPassword: password, newPassword: NEW_PASSWORD },
      cookie,
    });
    expect(replaced.statusCode).toBe(204);
    expect((await t.request({ url: '/api/v1/me', cookie })).json().mfa).toBe('setup');

    const setup = await t.request({ url: '/api/v1/sessions/current/totp/setup', body: {}, cookie });
    expect(setup.statusCode).toBe(201);
    const verified = await t.request({
      url: '/api/v1/sessions/current/totp',
      body: { code: totpCode(t, setup.json().secret) },
      cookie,
    });
    expect(verified.statusCode).toBe(204);

    // The printed password no longer works; the new one does; the step is not offered again.
    expect((await t.request({ url: '/api/v1/sessions', body: { identifier: email, password } })).statusCode).toBe(401);
    const again = await t.request({ url: '/api/v1/sessions', body: { identifier: email, password: NEW_PASSWORD } });
    expect(again.statusCode).toBe(200);
    const second = t.sessionCookie(again)!;
    expect((await t.request({ url: '/api/v1/me', cookie: second })).json().mfa).toBe('verify');
    const replay = await t.request({
      url: '/api/v1/sessions/current/first-password',
      body: { currentPassword: NEW_PASSWORD, newPassword: 'another-fine-password-5' },
      cookie: second,
    });
    expect(replay.json().code).toBe('auth.forbidden');
  });
});
