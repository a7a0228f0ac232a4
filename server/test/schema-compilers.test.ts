import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Issue 12 point 5: route schemas are compiled on first use, and the rest by `warmSchemas()` once
 * the server listens (platform/http/validation.ts). Every other suite runs on the stand-ins
 * compiled lazily; this one compiles every schema of every route, so a schema that does not
 * compile fails here rather than on a first request in production.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('route schemas compiled on first use', () => {
  it('a validator compiles on its first request and answers as before: coded 400 for a bad body', async () => {
    const res = await t.request({ url: '/api/v1/sessions', body: { identifier: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  });

  it('warm-up compiles every one left, once; the routes still answer', async () => {
    const compiled = await t.warmSchemas();
    // Every route's validators and every status code's serializer: well over a hundred.
    expect(compiled).toBeGreaterThan(100);
    expect(await t.warmSchemas()).toBe(0);
    const me = await t.request({ url: '/api/v1/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('auth.required');
  });
});
