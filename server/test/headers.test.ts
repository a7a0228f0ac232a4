import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, randomIp, startTestApp, uniquePhone, type TestApp } from './harness.js';

// Loopback, so the dev outbox the test reads codes from may run (config.ts).
const HTTPS_ORIGIN = 'https://localhost:8443';
const INDEX_HTML = '<!doctype html><html><head><title>console-test-marker</title></head><body></body></html>';

type Headers = Record<string, string | string[] | number | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
};

/** The directives of a Content-Security-Policy header, by name. */
function cspOf(headers: Headers): Map<string, string> {
  const csp = header(headers, 'content-security-policy');
  expect(csp, 'Content-Security-Policy header').toBeDefined();
  const directives = new Map<string, string>();
  for (const part of csp!.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values.join(' '));
  }
  return directives;
}

/** SECURITY 40: the headers every response carries, API or page. */
function expectSecurityHeaders(headers: Headers) {
  const csp = cspOf(headers);
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(csp.get('default-src')).toBe("'self'");
  expect(csp.get('script-src')).toBe("'self'");
  expect(csp.get('script-src') ?? '').not.toContain('unsafe-inline');
  expect(csp.get('object-src')).toBe("'none'");
  expect(header(headers, 'x-content-type-options')).toBe('nosniff');
  expect(header(headers, 'referrer-policy')).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
  expect(header(headers, 'x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(header(headers, 'x-powered-by')).toBeUndefined();
}

/**
 * SECURITY 40 on an API answer: OWASP's REST set, with the strictest CSP (nothing loads from or
 * frames a JSON answer), and none of the document-only headers a page gets.
 */
function expectApiSecurityHeaders(headers: Headers) {
  const csp = cspOf(headers);
  expect(csp.get('default-src')).toBe("'none'");
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(header(headers, 'x-content-type-options')).toBe('nosniff');
  expect(header(headers, 'referrer-policy')).toBe('no-referrer');
  expect(header(headers, 'x-frame-options')).toBe('DENY');
  expect(header(headers, 'cross-origin-resource-policy')).toBe('same-origin');
  expect(header(headers, 'x-powered-by')).toBeUndefined();
  for (const documentOnly of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection']) {
    expect(headers[documentOnly], documentOnly).toBeUndefined();
  }
}

describe('SECURITY 40: security headers over http', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('API answers (success, coded errors, 404) carry CSP default-src and frame-ancestors none, nosniff and a Referrer-Policy', async () => {
    const responses = [
      await t.request({ url: '/healthz' }),
      await t.request({ url: '/api/v1/me' }),
      await t.request({ url: '/api/v1/accounts', body: { nope: 1 } }),
      await t.request({ url: '/api/v1/nope' }),
      await t.request({ url: '/api/v1/openapi.json' }),
      await t.request({ url: '/open/v1/devices' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 400, 404, 200, 401]);
    for (const res of responses) expectApiSecurityHeaders(res.headers);
  });

  it('the API docs page carries the page headers, not the API answers’ (its scripts must run)', async () => {
    const res = await t.request({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(res.headers);
  });

  it('the console page placeholder (no build) carries the same headers', async () => {
    const res = await t.request({ url: '/apps' });
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });

  it('no HSTS and no upgrade-insecure-requests when PUBLIC_URL is http', async () => {
    const res = await t.request({ url: '/healthz' });
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(cspOf(res.headers).has('upgrade-insecure-requests')).toBe(false);
  });

  it('the session cookie over http is sid, HttpOnly, SameSite=Lax, Path=/', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const res = await t.request({ url: '/api/v1/accounts', body: { phone, code, password: GOOD_PASSWORD } });
    expect(res.statusCode).toBe(201);
    const cookie = res.cookies.find((c) => c.name === 'sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.domain).toBeUndefined();
  });
});

describe('SECURITY 40: the built console is served with the same headers (SPA fallback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'devplat-web-'));
    writeFileSync(path.join(dist, 'index.html'), INDEX_HTML);
    writeFileSync(path.join(dist, 'app.js'), 'console.log(1);');
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'assets', 'index-Bx4k2Q9a.js'), 'console.log(2);');
    t = await startTestApp({ env: { WEB_DIST: dist } });
  });
  afterAll(() => t.close());

  it('a client-side route answers index.html, not cached, with the security headers', async () => {
    for (const url of ['/apps', '/', '/apps/123/keys?tab=1']) {
      const res = await t.request({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('console-test-marker');
      expectSecurityHeaders(res.headers);
    }
  });

  it('the SPA fallback is sent with Cache-Control: no-cache, so a new build is picked up at once', async () => {
    const res = await t.request({ url: '/apps' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('static assets are served with nosniff and the CSP', async () => {
    const res = await t.request({ url: '/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1);');
    expectSecurityHeaders(res.headers);
  });

  it('content-hashed files under assets/ are cached for a year without revalidation; other files are asked again', async () => {
    const hashed = await t.request({ url: '/assets/index-Bx4k2Q9a.js' });
    expect(hashed.statusCode, hashed.body).toBe(200);
    expect(hashed.body).toBe('console.log(2);');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await t.request({ url: '/app.js' });
    expect(plain.headers['cache-control']).toBe('public, max-age=0');
  });

  it('an unknown API path is a coded 404, never the page', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/open/v1/nope']) {
      const res = await t.request({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('request.not_found');
      expect(res.body).not.toContain('console-test-marker');
      expectApiSecurityHeaders(res.headers);
    }
  });

  it('a mutation on a page path is a coded 404, not the page', async () => {
    const res = await t.request({ method: 'POST', url: '/apps', body: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('request.not_found');
  });
});

describe('SECURITY 40: HSTS and __Host- cookies when PUBLIC_URL is https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: HTTPS_ORIGIN } });
  });
  afterAll(() => t.close());

  it('sends HSTS for a year with subdomains, and upgrade-insecure-requests', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/apps']) {
      const res = await t.request({ url });
      const hsts = header(res.headers, 'strict-transport-security') ?? '';
      const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1]);
      expect(maxAge, url).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts).toMatch(/includeSubDomains/i);
      if (url === '/apps') {
        // A page's own sub-resources are upgraded; an API answer loads none.
        expect(cspOf(res.headers).has('upgrade-insecure-requests')).toBe(true);
        expectSecurityHeaders(res.headers);
      } else expectApiSecurityHeaders(res.headers);
    }
  });

  it('the session cookie is __Host-sid: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain; log-out clears it the same way', async () => {
    const phone = uniquePhone();
    const sent = await t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register', to: phone, challenge: await t.solvedChallenge() },
      origin: HTTPS_ORIGIN,
      ip: randomIp(),
    });
    expect(sent.statusCode).toBe(202);
    const code = await t.latestCode(phone);
    const res = await t.request({
      url: '/api/v1/accounts',
      body: { phone, code, password: GOOD_PASSWORD },
      origin: HTTPS_ORIGIN,
      ip: randomIp(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.cookies.map((c) => c.name)).toEqual(['__Host-sid']);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.domain).toBeUndefined();
    const setCookie = header(res.headers, 'set-cookie') ?? '';
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);

    const session = `__Host-sid=${cookie.value}`;
    const me = await t.request({ url: '/api/v1/me', cookie: session });
    expect(me.statusCode).toBe(200);

    // The http cookie name does not authenticate in https mode.
    const plain = await t.request({ url: '/api/v1/me', cookie: `sid=${cookie.value}` });
    expect(plain.statusCode).toBe(401);
    expect(plain.json().code).toBe('auth.required');

    const out = await t.request({
      method: 'DELETE',
      url: '/api/v1/sessions/current',
      cookie: session,
      origin: HTTPS_ORIGIN,
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === '__Host-sid');
    expect(cleared).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/', value: '' });
  });

  it('log-in sets __Host-sid with the same attributes', async () => {
    const { contact } = await (async () => {
      const phone = uniquePhone();
      await t.request({
        url: '/api/v1/verification-codes',
        body: { purpose: 'register', to: phone, challenge: await t.solvedChallenge() },
        origin: HTTPS_ORIGIN,
        ip: randomIp(),
      });
      const code = await t.latestCode(phone);
      const created = await t.request({
        url: '/api/v1/accounts',
        body: { phone, code, password: GOOD_PASSWORD },
        origin: HTTPS_ORIGIN,
        ip: randomIp(),
      });
      expect(created.statusCode).toBe(201);
      return { contact: phone };
    })();
    const res = await t.request({
      url: '/api/v1/sessions',
      body: { identifier: contact, password: GOOD_PASSWORD },
      origin: HTTPS_ORIGIN,
      ip: randomIp(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === '__Host-sid')).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
  });

  it('the http origin is refused on mutations in https mode (coded)', async () => {
    const res = await t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register', to: uniquePhone() },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf_rejected');
  });
});
