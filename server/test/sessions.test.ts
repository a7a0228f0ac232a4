import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, ORIGIN, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const me = (cookie: string | null) => t.request({ url: '/api/v1/me', cookie });
const login = (identifier: string) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password: GOOD_PASSWORD }, ip: randomIp() });

describe('SECURITY 18: opaque 256-bit tokens stored hashed', () => {
  it('the cookie carries 32 random bytes and the database only their SHA-256', async () => {
    const { cookie } = await t.register();
    const token = cookie.split('=')[1]!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const { rows } = await t.db.query<{ row: string; token_hash: Buffer }>(
      'SELECT row_to_json(s)::text AS row, token_hash FROM sessions s ORDER BY created_at DESC LIMIT 1',
    );
    expect(rows[0]!.row).not.toContain(token);
    expect(Buffer.from(rows[0]!.token_hash).equals(createHash('sha256').update(token).digest())).toBe(true);
  });
});

describe('SECURITY 19: new token at log-in; cookie attributes', () => {
  it('each log-in issues a new token; the cookie is HttpOnly, SameSite=Lax, Path=/', async () => {
    const { contact, cookie } = await t.register();
    const a = await login(contact);
    const b = await login(contact);
    const tokens = [cookie, t.sessionCookie(a), t.sessionCookie(b)];
    expect(new Set(tokens).size).toBe(3);
    const setCookie = String(a.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; https is proven in headers.test.ts
    expect(a.body).not.toContain(tokens[1]!.split('=')[1]);
  });
});

describe('SECURITY 20: idle and absolute timeouts, enforced by the server', () => {
  it('a session idle for more than 30 minutes is over', async () => {
    const { cookie } = await t.register();
    t.clock.advance(29 * 60);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(29 * 60); // activity above kept it alive
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(31 * 60);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.required');
  });

  it('a busy session still ends 12 hours after log-in', async () => {
    const { cookie } = await t.register();
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      t.clock.advance(20 * 60);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    t.clock.advance(21 * 60);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe('SECURITY 21: log-out ends the session on the server; disabling ends all', () => {
  it('the old cookie is worthless after log-out', async () => {
    const { cookie } = await t.register();
    const out = await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/sid=;/);
    expect((await me(cookie)).statusCode).toBe(401);
    const { rows } = await t.db.query(
      `SELECT end_reason FROM sessions WHERE ended_at IS NOT NULL AND end_reason = 'logout'`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('logging out one session leaves the others', async () => {
    const { contact, cookie } = await t.register();
    const other = t.sessionCookie(await login(contact));
    await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie });
    expect((await me(other)).statusCode).toBe(200);
  });

  it('a disabled account loses every session at once', async () => {
    const { contact, cookie } = await t.register();
    const second = t.sessionCookie(await login(contact));
    await t.db.query(`UPDATE accounts SET status = 'disabled' WHERE phone = $1`, [contact]);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
  });
});

describe('SECURITY 22: mutations need our Origin', () => {
  it('a cookie-carrying mutation without Origin, or from another origin, is refused with 403', async () => {
    const { cookie } = await t.register();
    for (const origin of [null, 'https://evil.example', 'http://localhost:3000.evil.example', 'null']) {
      const res = await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie, origin });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.csrf_rejected');
    }
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('a cross-origin log-in (log-in CSRF) is refused', async () => {
    const { contact } = await t.register();
    const res = await t.request({
      url: '/api/v1/sessions',
      body: { identifier: contact, password: GOOD_PASSWORD },
      origin: 'https://evil.example',
    });
    expect(res.statusCode).toBe(403);
    expect(t.sessionCookie(res)).toBeNull();
  });

  it('GET never changes state: there is no GET form of log-out', async () => {
    const { cookie } = await t.register();
    const res = await t.request({ url: '/api/v1/sessions/current', cookie });
    expect(res.statusCode).toBe(404);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('the same-origin mutation is accepted', async () => {
    const { cookie } = await t.register();
    expect(
      (await t.request({ method: 'DELETE', url: '/api/v1/sessions/current', cookie, origin: ORIGIN })).statusCode,
    ).toBe(204);
  });
});

describe('SECURITY 26: deny by default', () => {
  /** The routes reachable without a session, on purpose. Anything new must be added here knowingly. */
  const PUBLIC = new Set([
    'POST /api/v1/verification-codes',
    'POST /api/v1/accounts',
    'POST /api/v1/sessions',
    // Answers 200 { signedIn: false } without a session (issue 13.14); it reveals nothing.
    'GET /api/v1/session',
    'POST /api/v1/password-reset/tickets',
    'POST /api/v1/password-reset',
    // Takes the single-use ticket a full log-in of an account pending deletion answered (issue 15).
    'POST /api/v1/account-deletion/cancel',
    'GET /api/v1/dev/outbox',
    'GET /api/v1/openapi.json',
    'GET /api/v1/settings',
    'GET /api/v1/challenges',
  ]);

  it('every other API route answers 401 without a session', async () => {
    const routes: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = line.match(/(\/api\/v1\/\S*) \(([A-Z, ]+)\)/);
      if (!match) continue;
      for (const method of match[2]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${match[1]}`);
    }
    expect(routes.length).toBeGreaterThan(PUBLIC.size);
    const guarded = routes.filter((r) => !PUBLIC.has(r));
    expect(guarded).toContain('GET /api/v1/me');
    for (const route of guarded) {
      const [method, url] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const res = await t.request({
        method,
        url: url.replace(/:(\w+)/g, '00000000-0000-0000-0000-000000000000'),
        body: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, route).toBe(401);
      expect(res.json().code).toBe('auth.required');
    }
  });

  it('a forged or garbage cookie is no session', async () => {
    for (const cookie of ['sid=', 'sid=abc', `sid=${'A'.repeat(43)}`, 'sid=%00%ff']) {
      expect((await me(cookie)).statusCode).toBe(401);
    }
  });
});
