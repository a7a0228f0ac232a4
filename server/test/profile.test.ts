import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const rename = (cookie: string, username: string) =>
  t.request({ method: 'PATCH', url: '/api/v1/me', body: { username }, cookie });
const login = (identifier: string, ua = 'profile-test') =>
  t.request({
    url: '/api/v1/sessions',
    body: { identifier, password: GOOD_PASSWORD },
    ip: randomIp(),
    headers: { 'user-agent': ua },
  });

describe('username', () => {
  it('is generated at sign-up and can be changed to letters, digits, _, - and Chinese characters', async () => {
    const { cookie, account } = await t.register();
    expect(account.username).toMatch(/^dev_/);
    for (const name of ['iot_builder-01', '智能家居开发者', 'Ｗｉｄｅ_ok']) {
      const res = await rename(cookie, name);
      expect(res.statusCode, name).toBe(200);
      expect(res.json().username).toBe(name.normalize('NFKC'));
    }
  });

  it('refuses bad shapes: too short, too long, spaces, look-alike scripts, markup', async () => {
    const { cookie } = await t.register();
    for (const name of ['ab', 'x'.repeat(33), 'two words', 'аdmin', '<b>x</b>', '']) {
      const res = await rename(cookie, name);
      expect(res.statusCode, name).toBe(400);
      expect(['username.invalid', 'request.invalid']).toContain(res.json().code);
    }
  });

  it('is unique, case-insensitively', async () => {
    const a = await t.register();
    const b = await t.register();
    expect((await rename(a.cookie, 'UniqueName')).statusCode).toBe(200);
    const taken = await rename(b.cookie, 'uniquename');
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('username.taken');
  });
});

describe('own sessions', () => {
  it('lists live sessions with created, last seen, IP and user agent, marking the current one', async () => {
    const { contact, cookie } = await t.register();
    await login(contact, 'browser-two');
    const res = await t.request({ url: '/api/v1/me/sessions', cookie });
    expect(res.statusCode).toBe(200);
    const sessions = res.json().sessions as {
      current: boolean;
      userAgent: string;
      ip: string;
      createdAt: string;
      lastSeenAt: string;
    }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.map((s) => s.userAgent)).toContain('browser-two');
    for (const s of sessions)
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'id', 'ip', 'lastSeenAt', 'userAgent']);
  });

  it('ends one session by id; another account’s session id answers 404 and stays alive', async () => {
    const alice = await t.register();
    const bob = await t.register();
    const second = t.sessionCookie(await login(alice.contact))!;
    const list = (await t.request({ url: '/api/v1/me/sessions', cookie: alice.cookie })).json().sessions as {
      id: string;
      current: boolean;
    }[];
    const other = list.find((s) => !s.current)!;
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, cookie: bob.cookie })).statusCode,
    ).toBe(404);
    expect((await t.request({ url: '/api/v1/me', cookie: second })).statusCode).toBe(200);
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, cookie: alice.cookie })).statusCode,
    ).toBe(204);
    expect((await t.request({ url: '/api/v1/me', cookie: second })).statusCode).toBe(401);
  });

  it('ends all others ("log out elsewhere") and keeps the current one', async () => {
    const { contact, cookie } = await t.register();
    const others = [t.sessionCookie(await login(contact))!, t.sessionCookie(await login(contact))!];
    const res = await t.request({ method: 'DELETE', url: '/api/v1/me/sessions', cookie });
    expect(res.json()).toEqual({ ended: 2 });
    for (const c of others) expect((await t.request({ url: '/api/v1/me', cookie: c })).statusCode).toBe(401);
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(200);
  });
});

describe('security history', () => {
  it('shows own events newest first, paginated, and nobody else’s', async () => {
    const alice = await t.register();
    const bob = await t.register();
    await t.request({
      url: '/api/v1/sessions',
      body: { identifier: alice.contact, password: 'wrong-password-1' },
      ip: randomIp(),
    });
    t.clock.advance(1);
    await login(alice.contact);
    t.clock.advance(1);
    await login(bob.contact);
    const page1 = await t.request({ url: '/api/v1/me/security-events?pageSize=2', cookie: alice.cookie });
    expect(page1.statusCode).toBe(200);
    const body = page1.json();
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(body.items.map((e: { event: string; outcome: string }) => `${e.event}:${e.outcome}`)).toEqual([
      'login:success',
      'login:failure',
    ]);
    const page2 = (
      await t.request({ url: '/api/v1/me/security-events?pageSize=2&page=2', cookie: alice.cookie })
    ).json();
    expect(page2.items.map((e: { event: string }) => e.event)).toEqual(['account.registered']);
  });
});
