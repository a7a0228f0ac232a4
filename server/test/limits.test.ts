import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/platform/errors.js';
import { createLimiterFactory } from '../src/platform/limits.js';

/**
 * The Redis-down policies of the limiters (docs/decisions.md, "Failure behaviour"), on a client
 * whose Redis is not there: nothing listens on port 1 and the client never connects.
 */
const unreachable = new Redis('redis://127.0.0.1:1', {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
afterAll(() => unreachable.disconnect());

describe('limiters while Redis is unreachable', () => {
  it('memory: the cap goes on in this node, logged once and counted per call', async () => {
    const states: string[] = [];
    const fallbacks: string[] = [];
    const factory = createLimiterFactory(unreachable, 'test', {
      onRedisState: (state, d) => states.push(`${state} ${d.limiter} ${d.policy}`),
      onFallback: (name) => fallbacks.push(name),
    });
    const limiter = factory('sends', 2, 3600, 'memory');
    expect(await limiter.consume('ip')).toEqual({ ok: true });
    expect(await limiter.consume('ip')).toEqual({ ok: true });
    expect(await limiter.consume('ip')).toMatchObject({ ok: false });
    expect(await limiter.blocked('ip')).toMatchObject({ blocked: true });
    expect(states).toEqual(['down sends memory']);
    expect(fallbacks).toEqual(['sends', 'sends', 'sends', 'sends']);
  });

  it('closed: a coded 503 with Retry-After, never unlimited', async () => {
    const limiter = createLimiterFactory(unreachable, 'test')('logins', 5, 60, 'closed');
    const error = await limiter.consume('ip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'service.unavailable', status: 503, retryAfterSeconds: 5 });
    await expect(limiter.blocked('ip')).rejects.toMatchObject({ code: 'service.unavailable' });
  });
});
