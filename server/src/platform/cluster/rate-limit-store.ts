import { RateLimiterCluster, RateLimiterRes } from 'rate-limiter-flexible';

/** What @fastify/rate-limit hands a store and expects back (its `LocalStore`'s contract). */
type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A fixed window that never refuses by itself: @fastify/rate-limit compares `current` with `max`. */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

/**
 * @fastify/rate-limit's store for the workers of one host without Redis: every count goes to
 * the primary process (rate-limiter-flexible's `RateLimiterCluster`, one fixed-window counter
 * per window length), so a per-IP cap is counted once across the workers, exactly as one
 * process's memory store counts it. One IPC round trip per counted request.
 */
export function clusterRateLimitStore(prefix: string) {
  const limiters = new Map<number, RateLimiterCluster>();
  const limiterFor = (timeWindowMs: number) => {
    let limiter = limiters.get(timeWindowMs);
    if (!limiter) {
      limiter = new RateLimiterCluster({
        keyPrefix: `${prefix}:rl:${timeWindowMs}`,
        points: UNCAPPED,
        duration: Math.max(1, Math.ceil(timeWindowMs / 1000)),
        timeoutMs: 2000,
      });
      limiters.set(timeWindowMs, limiter);
    }
    return limiter;
  };
  const answer = (cb: Callback) => (res: RateLimiterRes | null) =>
    cb(null, res ? { current: res.consumedPoints, ttl: res.msBeforeNext } : { current: 0, ttl: 0 });

  class ClusterStore {
    incr(key: string, cb: Callback, timeWindow: number) {
      limiterFor(timeWindow)
        .consume(key)
        .then(answer(cb), (error: unknown) =>
          error instanceof RateLimiterRes ? answer(cb)(error) : cb(error as Error),
        );
    }

    read(key: string, cb: Callback, timeWindow: number) {
      limiterFor(timeWindow)
        .get(key)
        .then(answer(cb), (error: unknown) => cb(error as Error));
    }

    child() {
      return new ClusterStore();
    }
  }
  return ClusterStore;
}
