import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOpen, developer } from './apps-helpers.js';
import { personalBody, submit } from './certification-helpers.js';
import { ORIGIN, randomIp, startTestApp, uniquePhone, type TestApp } from './harness.js';

describe('JSON bodies are not type-coerced; query strings are', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('PIPL consent must be the boolean true: 1 and "true" are refused', async () => {
    const { cookie } = await t.register();
    for (const consent of [1, 'true']) {
      const res = await submit(t, cookie, await personalBody(t, cookie, { consent }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'request.invalid', details: { field: 'body.consent' } });
    }
    expect((await submit(t, cookie, await personalBody(t, cookie))).statusCode).toBe(200);
  });

  it('a query string number still arrives as a number', async () => {
    const res = await t.request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(uniquePhone())}&limit=5` });
    expect(res.statusCode).toBe(200);
  });
});

describe('default rate limits: 429 with Retry-After and a coded body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_SENSITIVE_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  const expect429 = (res: Awaited<ReturnType<TestApp['request']>>) => {
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ code: 'rate_limit.exceeded' });
    expect(res.json().message).toEqual(expect.any(String));
  };

  it('every route: the sixth request a minute from one IP is refused; another IP is not', async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i++) expect((await t.request({ url: '/api/v1/me', ip })).statusCode).toBe(401);
    expect429(await t.request({ url: '/api/v1/me', ip }));
    expect429(await t.request({ url: '/api/v1/openapi.json', ip }));
    expect((await t.request({ url: '/api/v1/me', ip: randomIp() })).statusCode).toBe(401);
  });

  it('password checks are tighter: the third log-in a minute from one IP is refused', async () => {
    const ip = randomIp();
    const login = () =>
      t.request({ url: '/api/v1/sessions', body: { identifier: uniquePhone(), password: 'x'.repeat(12) }, ip });
    expect((await login()).statusCode).toBe(401);
    expect((await login()).statusCode).toBe(401);
    const res = await login();
    expect429(res);
  });
});

describe('the open API is limited per app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_OPEN_API_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it("one app's fourth call a minute is refused; another app of the same developer still works", async () => {
    const dev = await developer(t);
    const other = await t.request({
      url: '/api/v1/apps',
      body: { name: 'Second', industry: 'smart_home' },
      cookie: dev.cookie,
    });
    const { app, key } = other.json<{ app: { appId: string }; key: { keyId: string; appKey: string } }>();
    const list = (creds: typeof dev.creds) => callOpen(t, creds, { method: 'GET', path: '/open/v1/devices' });
    for (let i = 0; i < 3; i++) expect((await list(dev.creds)).statusCode).toBe(200);
    const refused = await list(dev.creds);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('rate_limit.exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await list({ appId: app.appId, keyId: key.keyId, appKey: key.appKey })).statusCode).toBe(200);
  });
});

describe('origins in development', () => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ logs });
  });
  afterAll(() => t.close());

  const send = async (origin: string) =>
    t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register', to: uniquePhone(), challenge: await t.solvedChallenge() },
      origin,
      ip: randomIp(),
    });

  it('http://localhost:PORT and http://127.0.0.1:PORT are both accepted', async () => {
    expect(ORIGIN).toBe('http://localhost:3000');
    expect((await send('http://localhost:3000')).statusCode).toBe(202);
    expect((await send('http://127.0.0.1:3000')).statusCode).toBe(202);
  });

  it('a refused Origin is named in the log with PUBLIC_URL', async () => {
    const res = await send('http://127.0.0.1:3001');
    expect(res.json().code).toBe('auth.csrf_rejected');
    const line = logs.map((l) => (JSON.parse(l) as { msg?: string }).msg ?? '').find((m) => m.includes('refused'));
    expect(line).toMatch(/Origin http:\/\/127\.0\.0\.1:3001 refused: .*PUBLIC_URL \(http:\/\/localhost:3000/);
  });
});
