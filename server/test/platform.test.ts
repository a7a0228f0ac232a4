import { errorMessage, errorStatus, type ErrorCode, type Locale } from '@devplat/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

function errorBody(body: unknown): ErrorBody {
  if (!isRecord(body) || typeof body.code !== 'string' || typeof body.message !== 'string') {
    throw new Error(`not a coded error: ${JSON.stringify(body)}`);
  }
  if (!(body.code in errorStatus)) throw new Error(`code outside the catalogue: ${body.code}`);
  return {
    code: body.code as ErrorCode,
    message: body.message,
    ...(isRecord(body.details) ? { details: body.details } : {}),
  };
}

describe('health', () => {
  it('GET /healthz answers 200 without a session', async () => {
    const res = await t.request({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 while the database is reachable', async () => {
    const res = await t.request({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    // Redis is reported, not required: "absent" without one, "ok" while it answers.
    const redis = process.env.TEST_DB_KIND === 'postgres' && process.env.TEST_REDIS_URL ? 'ok' : 'absent';
    expect(res.json()).toEqual({ status: 'ready', redis });
  });
});

describe('API reference', () => {
  it('GET /api/v1/openapi.json is an OpenAPI 3.1 document listing the flows', async () => {
    const res = await t.request({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc: unknown = res.json();
    if (!isRecord(doc) || !isRecord(doc.paths)) throw new Error('no paths');
    expect(doc.openapi).toMatch(/^3\.1\./);
    const paths = doc.paths;
    const has = (path: string, method: string) => isRecord(paths[path]) && isRecord(paths[path][method]);
    expect(has('/api/v1/verification-codes', 'post')).toBe(true);
    expect(has('/api/v1/accounts', 'post')).toBe(true);
    expect(has('/api/v1/sessions', 'post')).toBe(true);
    expect(has('/api/v1/sessions/current', 'delete')).toBe(true);
    expect(has('/api/v1/me', 'get')).toBe(true);
    // The document describes the API, not the platform's own endpoints.
    expect(Object.keys(paths).every((p) => p.startsWith('/api/v1/') || p.startsWith('/open/v1/'))).toBe(true);
  });

  it('GET /api/docs/ serves the browsable reference as HTML without a session', async () => {
    const res = await t.request({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body.toLowerCase()).toContain('<html');
  });
});

describe('error messages follow Accept-Language; the code does not', () => {
  const badRequest = (acceptLanguage?: string) =>
    t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register' },
      ...(acceptLanguage === undefined ? {} : { headers: { 'accept-language': acceptLanguage } }),
    });

  const expectIn = (body: ErrorBody, locale: Locale) =>
    expect(body.message).toBe(errorMessage(body.code, locale, body.details));

  it('the same bad request answers the same code in en, zh-CN and by default (zh-CN)', async () => {
    const en = errorBody((await badRequest('en')).json());
    const zh = errorBody((await badRequest('zh-CN')).json());
    const none = errorBody((await badRequest()).json());
    expect([en.code, zh.code, none.code]).toEqual(['request.invalid', 'request.invalid', 'request.invalid']);
    expect(en.details).toEqual(zh.details);
    expectIn(en, 'en');
    expectIn(zh, 'zh-CN');
    expectIn(none, 'zh-CN');
    expect(en.message).not.toBe(zh.message);
    expect(none.message).toBe(zh.message);
  });

  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['zh-TW', 'zh-CN'],
    ['en;q=0.2, zh;q=0.8', 'zh-CN'],
    ['fr', 'zh-CN'],
    ['*', 'zh-CN'],
    ['garbage;;q=', 'zh-CN'],
  ] as const)('Accept-Language "%s" answers in %s', async (header, locale) => {
    const body = errorBody((await badRequest(header)).json());
    expectIn(body, locale);
  });

  it('errors raised by the platform (auth, not found, media type) are translated too', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const headers = { 'accept-language': locale };
      const cases = [
        { res: await t.request({ url: '/api/v1/me', headers }), code: 'auth.required' },
        { res: await t.request({ url: '/api/v1/nope', headers }), code: 'request.not_found' },
        {
          res: await t.request({
            url: '/api/v1/accounts',
            body: 'a=1',
            headers: { ...headers, 'content-type': 'application/xml' },
          }),
          code: 'request.unsupported_media_type',
        },
        {
          res: await t.request({ url: '/api/v1/accounts', body: {}, origin: 'https://evil.example', headers }),
          code: 'auth.csrf_rejected',
        },
      ];
      for (const { res, code } of cases) {
        const body = errorBody(res.json());
        expect(body.code).toBe(code);
        expectIn(body, locale);
      }
    }
  });
});
