import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A fixed-window counter shared by every node (Redis) or kept by this one node (memory). */
export interface Limiter {
  /** Counts one event; refused (with the wait) once the window's points are spent. */
  consume(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** True when the key has no points left in the window, without counting anything. */
  blocked(key: string): Promise<{ blocked: false } | { blocked: true; retryAfterSeconds: number }>;
}

export type LimiterFactory = (name: string, points: number, durationSeconds: number) => Limiter;

/**
 * Limiters through rate-limiter-flexible: Redis when REDIS_URL is set (shared across nodes),
 * else memory of the single node. `prefix` keeps tests and deployments apart in one Redis.
 */
export function createLimiterFactory(redis: Redis | null, prefix: string): LimiterFactory {
  return (name, points, duration) => {
    const keyPrefix = `${prefix}:${name}`;
    const limiter = redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration })
      : new RateLimiterMemory({ keyPrefix, points, duration });
    const wait = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return {
      async consume(key) {
        try {
          await limiter.consume(key);
          return { ok: true };
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: wait(rejection) };
          throw rejection;
        }
      },
      async blocked(key) {
        const res = await limiter.get(key);
        if (res && res.consumedPoints >= points) return { blocked: true, retryAfterSeconds: wait(res) };
        return { blocked: false };
      },
    };
  };
}
