import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfOpenStaff } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/session (the signed-out pages ask it instead of GET /me)', () => {
  it('answers 200 { signedIn: false } without a session, and with an unknown cookie', async () => {
    for (const cookie of [undefined, 'devplat_session=not-a-session']) {
      const res = await t.request({ url: '/api/v1/session', ...(cookie ? { cookie } : {}) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ signedIn: false });
    }
  });

  it('answers the account, as GET /me does, when signed in; nothing after log-out', async () => {
    const dev = await t.register();
    const res = await t.request({ url: '/api/v1/session', cookie: dev.cookie });
    expect(res.statusCode).toBe(200);
    const me = (await t.request({ url: '/api/v1/me', cookie: dev.cookie })).json();
    expect(res.json()).toEqual({ signedIn: true, me });
    await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie: dev.cookie });
    expect((await t.request({ url: '/api/v1/session', cookie: dev.cookie })).json()).toEqual({ signedIn: false });
  });

  it('answers a staff session that still owes its TOTP, as GET /me does (the console sends it to set-up)', async () => {
    const { cookie } = await halfOpenStaff(t);
    const me = await t.request({ url: '/api/v1/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().mfa).toBeTruthy();
    const res = await t.request({ url: '/api/v1/session', cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ signedIn: true, me: me.json() });
  });
});
