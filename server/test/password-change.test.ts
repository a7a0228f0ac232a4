import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../src/platform/throttle.js';
import { GOOD_PASSWORD, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const NEW_PASSWORD = 'granite-sparrow-orbit-5';
const me = (cookie: string | null) => t.request({ url: '/api/v1/me', cookie });
const login = (identifier: string, password: string) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password }, ip: randomIp() });
const change = (cookie: string, currentPassword: string, newPassword = NEW_PASSWORD) =>
  t.request({ method: 'PUT', url: '/api/v1/me/password', body: { currentPassword, newPassword }, cookie });

describe('change password', () => {
  it('current → new: this session stays, the others end, the new password logs in', async () => {
    const { contact, cookie } = await t.register();
    const other = t.sessionCookie(await login(contact, GOOD_PASSWORD));
    const res = await change(cookie, GOOD_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ otherSessionsEnded: 1 });
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(contact, GOOD_PASSWORD)).statusCode).toBe(401);
    expect((await login(contact, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('SECURITY 5: the current password is required, and wrong ones count toward throttling', async () => {
    const { contact, cookie } = await t.register();
    for (let i = 0; i <= LOGIN_THROTTLE.freeFailures; i++) {
      const res = await change(cookie, `wrong-current-${i}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('password.current_incorrect');
    }
    // Now throttled: even the right current password is refused, and log-in is throttled too.
    expect((await change(cookie, GOOD_PASSWORD)).json().code).toBe('password.current_incorrect');
    expect((await login(contact, GOOD_PASSWORD)).json().code).toBe('auth.throttled');
    t.clock.advance(60);
    expect((await change(cookie, GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('SECURITY 3: the new password passes the same rules', async () => {
    const { cookie, contact } = await t.register();
    expect((await change(cookie, GOOD_PASSWORD, 'qwertyuiop')).json().code).toBe('password.too_common');
    expect((await change(cookie, GOOD_PASSWORD, `${contact.slice(3)}!`)).json().code).toBe(
      'password.contains_personal_info',
    );
    expect((await change(cookie, GOOD_PASSWORD, 'short')).json().code).toBe('password.too_short');
  });

  it('SECURITY 17: a notice goes to the account’s contact', async () => {
    const { contact, cookie } = await t.register();
    await change(cookie, GOOD_PASSWORD);
    expect((await t.outbox(contact))[0]!.text).toMatch(/密码已修改|password was changed/);
  });

  it('needs a session and our Origin', async () => {
    const { cookie } = await t.register();
    expect(
      (
        await t.request({
          method: 'PUT',
          url: '/api/v1/me/password',
          body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
    const foreign = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD },
      cookie,
      origin: 'https://evil.example',
    });
    expect(foreign.statusCode).toBe(403);
  });
});
