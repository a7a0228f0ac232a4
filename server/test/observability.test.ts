import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffSession } from './certification-helpers.js';
import { GOOD_PASSWORD, startTestApp, uniquePhone, type TestApp } from './harness.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is a coded 404, never public by default', async () => {
    const res = await t.request({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('request.not_found');
    expect(res.body).not.toContain('http_request_duration_seconds');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('refuses a missing or wrong token with a coded 401', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-00', TOKEN, `Basic ${TOKEN}`]) {
      const res = await t.request({ url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json().code).toBe('auth.required');
    }
  });

  it('lists the named series in Prometheus format', async () => {
    // Give the counters something to count: a code sent, a throttled one, a failed log-in.
    const phone = uniquePhone();
    expect((await t.sendCode(phone)).statusCode).toBe(202);
    expect((await t.sendCode(phone)).statusCode).toBe(429);
    await t.request({ url: '/api/v1/sessions', body: { identifier: phone, password: GOOD_PASSWORD } });
    await t.container.maintenance.runOnce();
    // The worker delivers the code through the dev outbox provider and counts it.
    await t.messenger.idle();

    const res = await t.request({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    for (const series of [
      'http_request_duration_seconds_bucket{',
      'nodejs_eventloop_delay_seconds{quantile="0.99"}',
      'db_pool_connections{state="waiting"}',
      'argon2_queue_seconds_count',
      'verification_codes_sent_total{channel="sms"} 1',
      'verification_codes_throttled_total{scope="target"} 1',
      'login_failures_total{reason="unknown_account"} 1',
      'login_hard_stops_total',
      'messages_total{provider="outbox",status="sent"} 1',
      '# TYPE limiter_redis_fallbacks_total counter',
      'maintenance_rows_removed_total{task="expired_codes"}',
      'maintenance_runs_total{outcome="done"} 1',
    ]) {
      expect(text, series).toContain(series);
    }
    // Routes by pattern, with their status.
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/verification-codes",status="429"\} 1/,
    );
  });
});

describe('request ids', () => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ logs });
  });
  afterAll(() => t.close());

  it('are generated UUIDs, in the X-Request-Id header and the error body', async () => {
    const res = await t.request({ url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(res.json()).toMatchObject({ code: 'auth.required', requestId: id });
    const other = await t.request({ url: '/api/v1/me' });
    expect(other.headers['x-request-id']).not.toBe(id);
  });

  it('honour an incoming UUID X-Request-Id and replace anything else', async () => {
    const incoming = '0b5e2a52-3f7c-4c11-9d8e-5b2a7c1e9f00';
    const kept = await t.request({ url: '/api/v1/nowhere', headers: { 'x-request-id': incoming } });
    expect(kept.headers['x-request-id']).toBe(incoming);
    expect(kept.json()).toMatchObject({ code: 'request.not_found', requestId: incoming });
    const forged = await t.request({ url: '/api/v1/me', headers: { 'x-request-id': 'evil\nline injected' } });
    expect(forged.headers['x-request-id']).toMatch(UUID);
    expect(forged.headers['x-request-id']).not.toContain('evil');
  });

  it('appear in every log line of a request, whose URL is logged without its query string', async () => {
    const { cookie } = await staffSession(t, 'reviewer');
    const phone = uniquePhone();
    logs.length = 0;
    const res = await t.request({ url: `/api/v1/admin/certifications?q=${encodeURIComponent(phone)}`, cookie });
    expect(res.statusCode).toBe(200);
    const id = res.headers['x-request-id'];
    const lines = logs.map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string } });
    expect(lines.length).toBeGreaterThanOrEqual(2); // incoming request, request completed
    for (const line of lines) expect(line.reqId).toBe(id);
    expect(lines.find((l) => l.req)?.req?.url).toBe('/api/v1/admin/certifications?[redacted]');
    const all = logs.join('\n');
    expect(all).not.toContain(phone);
    expect(all).not.toContain(phone.slice(1));
  });
});

describe('readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is ready while the database (and Redis, when set) answer; 503 once draining, while liveness stays up', async () => {
    expect((await t.request({ url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
    t.container.readiness.drain();
    const draining = await t.request({ url: '/readyz' });
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ status: 'draining' });
    expect((await t.request({ url: '/healthz' })).statusCode).toBe(200);
  });
});
