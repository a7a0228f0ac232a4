import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdjustableClock, isLoopback, testClockFor } from '../src/flows/test-clock/clock.js';
import { testClockRoutes } from '../src/flows/test-clock/routes.js';
import { ManualClock } from '../src/platform/clock.js';
import { ErrorSchema } from '../src/platform/http/schemas.js';

describe('the browser tests’ clock is there only for a test server on loopback', () => {
  it('NODE_ENV=test on 127.0.0.1, ::1 or localhost gets one', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(testClockFor({ env: 'test', host })).not.toBeNull();
  });

  it('development, production or a reachable address keeps the system clock', () => {
    expect(testClockFor({ env: 'development', host: '127.0.0.1' })).toBeNull();
    expect(testClockFor({ env: 'production', host: '127.0.0.1' })).toBeNull();
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '127.example.com', 'localhost.example.com'])
      expect([host, testClockFor({ env: 'test', host })]).toEqual([host, null]);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});

describe('the adjustable clock', () => {
  it('runs with real time plus what the test added, and never goes back', () => {
    const base = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const clock = createAdjustableClock(base);
    clock.advance(61);
    expect(clock.now().toISOString()).toBe('2026-03-02T09:01:01.000Z');
    base.advance(1);
    expect(clock.now().toISOString()).toBe('2026-03-02T09:01:02.000Z');
    clock.advanceTo(new Date('2026-03-02T09:00:00Z'));
    clock.advance(-30);
    expect(clock.now().toISOString()).toBe('2026-03-02T09:01:02.000Z');
    clock.advanceTo(new Date('2026-03-02T10:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});

describe('GET and POST /test/clock', () => {
  const base = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const clock = createAdjustableClock(base);
  const app = Fastify({ ajv: { customOptions: { removeAdditional: 'all' } } });
  beforeAll(async () => {
    app.addSchema(ErrorSchema);
    await app.register(testClockRoutes, { prefix: '/api/v1', clock });
    await app.ready();
  });
  afterAll(() => app.close());

  it('reads, advances and sets the time', async () => {
    expect((await app.inject({ url: '/api/v1/test/clock' })).json()).toEqual({ now: '2026-03-02T09:00:00.000Z' });
    const advanced = await app.inject({ method: 'POST', url: '/api/v1/test/clock', payload: { advanceSeconds: 61 } });
    expect(advanced.json()).toEqual({ now: '2026-03-02T09:01:01.000Z' });
    const set = await app.inject({
      method: 'POST',
      url: '/api/v1/test/clock',
      payload: { now: '2026-03-03T00:00:00Z' },
    });
    expect(set.json()).toEqual({ now: '2026-03-03T00:00:00.000Z' });
    expect(clock.now().toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('refuses a negative step', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/clock', payload: { advanceSeconds: -5 } });
    expect(res.statusCode).toBe(400);
    expect(clock.now().toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });
});
