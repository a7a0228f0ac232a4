import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { unavailable } from './errors.js';

/** A fixed-window counter shared by every node (Redis) or kept by this one node (memory). */
export interface Limiter {
  /** Counts one event; refused (with the wait) once the window's points are spent. */
  consume(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** True when the key has no points left in the window, without counting anything. */
  blocked(key: string): Promise<{ blocked: false } | { blocked: true; retryAfterSeconds: number }>;
}

/**
 * What a Redis-backed limiter does while Redis is unreachable (docs/decisions.md, "Redis down"):
 * - `memory`: count in this node's memory instead (rate-limiter-flexible's `insuranceLimiter`),
 *   so the cap holds per node; logged loudly and counted (`onFallback`, the metric);
 * - `closed`: refuse with a coded 503 `service.unavailable` and Retry-After. Never unlimited.
 * Either way the node goes back to Redis by itself once it answers again (ioredis reconnects).
 */
export type RedisDownPolicy = 'memory' | 'closed';

export type LimiterFactory = (
  name: string,
  points: number,
  durationSeconds: number,
  whenRedisDown?: RedisDownPolicy,
) => Limiter;

export interface LimiterFactoryOptions {
  /** The loud line: called when a limiter leaves Redis (down) and when it is back (up). */
  onRedisState?: (state: 'down' | 'up', details: { limiter: string; policy: RedisDownPolicy }) => void;
  /** Each answer given without Redis (the metric `limiter_redis_fallbacks_total`). */
  onFallback?: (limiter: string) => void;
}

/**
 * Limiters through rate-limiter-flexible: Redis when REDIS_URL is set (shared across nodes),
 * else memory of the single node. `prefix` keeps tests and deployments apart in one Redis.
 */
export function createLimiterFactory(
  redis: Redis | null,
  prefix: string,
  options: LimiterFactoryOptions = {},
): LimiterFactory {
  return (name, points, duration, whenRedisDown = 'memory') => {
    const keyPrefix = `${prefix}:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    const limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration,
          // Do not queue behind a reconnecting client: answer from the fallback at once.
          rejectIfRedisNotReady: true,
          ...(whenRedisDown === 'memory' ? { insuranceLimiter: memory } : {}),
        })
      : memory;
    const wait = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    let down = false;
    /** Notes the state Redis was in for this call: one log line per change, a count per call. */
    const observe = () => {
      if (!redis) return;
      const nowDown = redis.status !== 'ready';
      if (nowDown) options.onFallback?.(name);
      if (nowDown !== down) {
        down = nowDown;
        options.onRedisState?.(nowDown ? 'down' : 'up', { limiter: name, policy: whenRedisDown });
      }
    };
    /** A store error (not a refusal): only a `closed` limiter gets one (the others have insurance). */
    const storeFailure = (error: unknown): never => {
      if (redis && whenRedisDown === 'closed') {
        if (!down) {
          down = true;
          options.onRedisState?.('down', { limiter: name, policy: whenRedisDown });
        }
        throw unavailable('redis');
      }
      throw error;
    };
    return {
      async consume(key) {
        observe();
        try {
          await limiter.consume(key);
          return { ok: true };
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: wait(rejection) };
          return storeFailure(rejection);
        }
      },
      async blocked(key) {
        observe();
        let res: RateLimiterRes | null;
        try {
          res = await limiter.get(key);
        } catch (error) {
          return storeFailure(error);
        }
        if (res && res.consumedPoints >= points) return { blocked: true, retryAfterSeconds: wait(res) };
        return { blocked: false };
      },
    };
  };
}
