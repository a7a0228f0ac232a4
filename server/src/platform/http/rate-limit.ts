import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { clusterRateLimitStore } from '../cluster/rate-limit-store.js';
import { AppError } from '../errors.js';

export interface RateLimits {
  /** Requests per client IP per minute on every route. */
  perMinute: number;
  /** Per client IP and route, on the routes of `SENSITIVE_ROUTES`. */
  sensitivePerMinute: number;
}

/**
 * Routes with the tighter per-IP limit: file uploads (CPU for image decoding), the audited reveal
 * of identity numbers, and every route that checks a password or a TOTP code (argon2 is costly,
 * and guessing is what the limit slows down). The open API is limited per app in its own plugin.
 */
export const SENSITIVE_ROUTES = new Set([
  'POST /api/v1/certification/uploads',
  'POST /api/v1/admin/certifications/:accountId/reveal',
  'POST /api/v1/sessions',
  'PUT /api/v1/me/password',
  'POST /api/v1/sessions/current/totp',
  // Checks the password, the TOTP code and the contact code at once.
  'POST /api/v1/me/deletion',
  'POST /api/v1/me/data-export',
]);

const WINDOW_MS = 60_000;

/** The 429 every limit answers: coded, with Retry-After (set by the error handler). */
const exceeded = (seconds: number) => {
  const wait = Math.max(1, seconds);
  return new AppError('rate_limit.exceeded', { retryAfterSeconds: wait }, wait);
};

/**
 * A default limit on every request (unknown URLs included), keyed by client IP (after
 * TRUST_PROXY), and the tighter one on `SENSITIVE_ROUTES`, counted in Redis when the server has
 * one (shared by all nodes), else by the host's primary process when this is one of several
 * workers (`clusterWorker`: one count across the host's workers), else in this process's
 * memory. One `onRequest` hook, added
 * before the session guard so refused and unauthenticated requests are counted too (the
 * plugin's own per-route hooks would run after the guard).
 */
export async function registerRateLimits(
  app: FastifyInstance,
  deps: { limits: RateLimits; redis: Redis | null; prefix: string; clusterWorker: boolean },
) {
  const { limits, redis, prefix } = deps;
  await app.register(rateLimit, {
    global: false,
    // A Redis outage must not turn every request (health checks included) into a 500: these
    // blanket limits fail open; the flows' own limits (code sends, failed log-ins) still fail closed.
    skipOnError: true,
    ...(redis
      ? { redis, nameSpace: `${prefix}:rl:` }
      : deps.clusterWorker
        ? { store: clusterRateLimitStore(prefix) as unknown as FastifyRateLimitStoreCtor }
        : {}),
  });
  const everyRoute = keyedLimit(app, { perMinute: limits.perMinute, key: (request) => `ip:${request.ip}` });
  const sensitive = keyedLimit(app, {
    perMinute: limits.sensitivePerMinute,
    key: (request) => `sensitive:${request.ip}:${request.method} ${request.routeOptions.url}`,
  });
  app.addHook('onRequest', async (request) => {
    // On a sensitive route both counts are asked in the same event-loop turn, so they travel
    // together: one IPC message to the primary (its batch of the turn), or two Redis commands
    // at once, instead of the second waiting for the first's answer. A request over the blanket
    // cap still counts on its route's, as every refused request counts.
    if (SENSITIVE_ROUTES.has(`${request.method} ${request.routeOptions.url}`))
      await Promise.all([everyRoute(request), sensitive(request)]);
    else await everyRoute(request);
  });
}

/**
 * A limit keyed by something other than the IP (the open API's app, once its signature is
 * verified). Returns a hook that throws the coded 429.
 */
export function keyedLimit(
  app: FastifyInstance,
  options: { perMinute: number; key: (request: FastifyRequest) => string },
) {
  const check = app.createRateLimit({ max: options.perMinute, timeWindow: WINDOW_MS, keyGenerator: options.key });
  return async (request: FastifyRequest) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) throw exceeded(result.ttlInSeconds);
  };
}
