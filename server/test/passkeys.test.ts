import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffSession, totpCode } from './certification-helpers.js';
import { ORIGIN, randomIp, startTestApp, type TestApp } from './harness.js';
import { PASSKEY_OPTIONS_PER_IP_MINUTE } from '../src/flows/second-factor/passkeys.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (url: string, body: object, cookie?: string) => t.request({ url, body, cookie, ip: randomIp() });
const challengeOf = (res: { json: () => unknown }) => (res.json() as { challenge: string }).challenge;

/** Registers a software passkey for the signed-in account. */
async function addPasskey(cookie: string, name = 'Laptop') {
  const key = new SoftAuthenticator(ORIGIN, 'localhost');
  const options = await post('/api/v1/me/passkeys/options', {}, cookie);
  expect(options.statusCode).toBe(200);
  expect(options.json()).toMatchObject({
    rp: { id: 'localhost' },
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const res = await post('/api/v1/me/passkeys', { name, response: key.register(challengeOf(options)) }, cookie);
  expect(res.statusCode).toBe(201);
  return { key, passkey: res.json<{ id: string; name: string }>() };
}

const loginOptions = async () => challengeOf(await post('/api/v1/sessions/passkey/options', {}));
const passkeyLogin = (response: object) => post('/api/v1/sessions/passkey', { response });

describe('platform addition 3: passkeys (WebAuthn)', () => {
  it('several named passkeys can be registered, listed and deleted', async () => {
    const dev = await t.register();
    const a = await addPasskey(dev.cookie, 'Laptop');
    t.clock.advance(1);
    await addPasskey(dev.cookie, 'Phone');
    const list = (await t.request({ url: '/api/v1/me/second-factors', cookie: dev.cookie })).json().passkeys;
    expect(list.map((p: { name: string }) => p.name)).toEqual(['Laptop', 'Phone']);
    // The same authenticator cannot be registered twice.
    const again = await post('/api/v1/me/passkeys/options', {}, dev.cookie);
    const dup = await post(
      '/api/v1/me/passkeys',
      { name: 'Again', response: a.key.register(challengeOf(again)) },
      dev.cookie,
    );
    expect(dup.json().code).toBe('passkey.invalid');
    const del = await t.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${a.passkey.id}`, cookie: dev.cookie });
    expect(del.statusCode).toBe(204);
    // A deleted passkey no longer logs in; another account cannot delete mine (404).
    expect((await passkeyLogin(a.key.assert(await loginOptions()))).json().code).toBe('passkey.invalid');
    const other = await t.register();
    const mine = (await t.request({ url: '/api/v1/me/second-factors', cookie: dev.cookie })).json().passkeys[0].id;
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${mine}`, cookie: other.cookie })).statusCode,
    ).toBe(404);
    const events = (
      await t.db.query(`SELECT event FROM audit_events WHERE account_id = $1 AND event LIKE 'passkey.%'`, [
        dev.account.id,
      ])
    ).rows.map((r) => r.event);
    expect(events.sort()).toEqual(['passkey.added', 'passkey.added', 'passkey.removed']);
  });

  it('a passkey alone logs in (discoverable, no account named)', async () => {
    const dev = await t.register();
    const { key } = await addPasskey(dev.cookie);
    const options = await post('/api/v1/sessions/passkey/options', {});
    expect(options.json().allowCredentials).toBeUndefined();
    expect(options.json().rpId).toBe('localhost');
    const res = await passkeyLogin(key.assert(challengeOf(options)));
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(dev.account.id);
    const cookie = t.sessionCookie(res)!;
    expect((await t.request({ url: '/api/v1/me', cookie })).json().id).toBe(dev.account.id);
  });

  it('a bad origin is refused, at registration and at log-in', async () => {
    const dev = await t.register();
    const key = new SoftAuthenticator(ORIGIN, 'localhost');
    const options = await post('/api/v1/me/passkeys/options', {}, dev.cookie);
    const bad = key.register(challengeOf(options), { origin: 'http://localhost.evil.example' });
    expect((await post('/api/v1/me/passkeys', { name: 'x', response: bad }, dev.cookie)).json().code).toBe(
      'passkey.invalid',
    );
    const { key: good } = await addPasskey(dev.cookie);
    const res = await passkeyLogin(good.assert(await loginOptions(), { origin: 'http://evil.example' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('passkey.invalid');
  });

  it('a bad rp id is refused, at registration and at log-in', async () => {
    const dev = await t.register();
    const key = new SoftAuthenticator(ORIGIN, 'localhost');
    const options = await post('/api/v1/me/passkeys/options', {}, dev.cookie);
    const bad = key.register(challengeOf(options), { rpId: 'evil.example' });
    expect((await post('/api/v1/me/passkeys', { name: 'x', response: bad }, dev.cookie)).json().code).toBe(
      'passkey.invalid',
    );
    const { key: good } = await addPasskey(dev.cookie);
    const res = await passkeyLogin(good.assert(await loginOptions(), { rpId: 'evil.example' }));
    expect(res.json().code).toBe('passkey.invalid');
  });

  it('a replayed assertion is refused: the challenge is single-use and the counter must grow', async () => {
    const dev = await t.register();
    const { key } = await addPasskey(dev.cookie);
    const assertion = key.assert(await loginOptions());
    expect((await passkeyLogin(assertion)).statusCode).toBe(200);
    // The same response again: its challenge is used up.
    expect((await passkeyLogin(assertion)).json().code).toBe('passkey.invalid');
    // A fresh challenge but a counter that did not grow (a cloned authenticator).
    const stale = key.assert(await loginOptions(), { counter: key.counter });
    expect((await passkeyLogin(stale)).json().code).toBe('passkey.invalid');
    // A challenge the server never issued.
    expect((await passkeyLogin(key.assert('bm90LWlzc3VlZC1ieS11cw'))).json().code).toBe('passkey.invalid');
    // An expired challenge.
    const late = await loginOptions();
    t.clock.advance(301);
    expect((await passkeyLogin(key.assert(late))).json().code).toBe('passkey.invalid');
    // The right next use still works.
    expect((await passkeyLogin(key.assert(await loginOptions()))).statusCode).toBe(200);
  });

  it('a passkey can be the second factor after the password; only the account’s own', async () => {
    const dev = await t.register();
    const setup = (await post('/api/v1/me/totp/setup', {}, dev.cookie)).json<{ secret: string }>();
    expect((await post('/api/v1/me/totp/confirm', { code: totpCode(t, setup.secret) }, dev.cookie)).statusCode).toBe(
      200,
    );
    const { key } = await addPasskey(dev.cookie);
    const stranger = await t.register();
    const { key: strangerKey } = await addPasskey(stranger.cookie);

    const login = await post('/api/v1/sessions', { identifier: dev.contact, password: 'violet-otter-harbour-42' });
    expect(login.statusCode).toBe(202);
    const { pendingToken, methods } = login.json<{ pendingToken: string; methods: string[] }>();
    expect(methods).toContain('passkey');
    const options = await post('/api/v1/sessions/second-factor/passkey-options', { pendingToken });
    expect(options.json().allowCredentials).toEqual([{ id: key.id, type: 'public-key', transports: ['internal'] }]);
    const foreign = await post('/api/v1/sessions/second-factor', {
      pendingToken,
      passkey: strangerKey.assert(challengeOf(options)),
    });
    expect(foreign.json().code).toBe('passkey.invalid');
    // A log-in challenge (not bound to this account) does not serve as a second factor either.
    const wrongPurpose = await post('/api/v1/sessions/second-factor', {
      pendingToken,
      passkey: key.assert(await loginOptions()),
    });
    expect(wrongPurpose.json().code).toBe('passkey.invalid');
    const again = await post('/api/v1/sessions/second-factor/passkey-options', { pendingToken });
    const ok = await post('/api/v1/sessions/second-factor', { pendingToken, passkey: key.assert(challengeOf(again)) });
    expect(ok.statusCode).toBe(200);
    expect(t.sessionCookie(ok)).not.toBeNull();
  });

  it('anonymous log-in options are limited per client IP', async () => {
    const ip = randomIp();
    for (let i = 0; i < PASSKEY_OPTIONS_PER_IP_MINUTE; i++) {
      expect((await t.request({ url: '/api/v1/sessions/passkey/options', body: {}, ip })).statusCode).toBe(200);
    }
    const refused = await t.request({ url: '/api/v1/sessions/passkey/options', body: {}, ip });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('passkey.throttled');
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('staff may use a passkey as their second factor', async () => {
    const staff = await staffSession(t);
    const { key } = await addPasskey(staff.cookie);
    const login = await post('/api/v1/sessions', { identifier: staff.email, password: staff.password });
    expect(login.json().mfa).toBe('verify');
    const cookie = t.sessionCookie(login)!;
    expect((await t.request({ url: '/api/v1/admin/certifications', cookie })).statusCode).toBe(401);
    const options = await post('/api/v1/sessions/current/passkey/options', {}, cookie);
    expect(options.statusCode).toBe(200);
    const res = await post('/api/v1/sessions/current/passkey', { response: key.assert(challengeOf(options)) }, cookie);
    expect(res.statusCode).toBe(204);
    expect((await t.request({ url: '/api/v1/admin/certifications', cookie })).statusCode).toBe(200);
  });
});
