import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
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
]);

const WINDOW_MS = 60_000;

/** The 429 every limit answers: coded, with Retry-After (set by the plugin and by the error handler). */
const exceeded = (seconds: number) => {
  const wait = Math.max(1, seconds);
  return new AppError('rate_limit.exceeded', { retryAfterSeconds: wait }, wait);
};

/**
 * A default limit on every route, keyed by client IP (after TRUST_PROXY), counted in Redis when
 * the server has one (shared by all nodes) and in this node's memory otherwise. Register before
 * the routes: the plugin attaches its hook to each route as it is added.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  deps: { limits: RateLimits; redis: Redis | null; prefix: string },
) {
  const { limits, redis, prefix } = deps;
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => SENSITIVE_ROUTES.has(`${m} ${route.url}`))) {
      route.config = { ...route.config, rateLimit: { max: limits.sensitivePerMinute, timeWindow: WINDOW_MS } };
    }
  });
  await app.register(rateLimit, {
    global: true,
    max: limits.perMinute,
    timeWindow: WINDOW_MS,
    ...(redis ? { redis, nameSpace: `${prefix}:rl:` } : {}),
    errorResponseBuilder: (_request, context) => exceeded(Math.ceil(context.ttl / 1000)),
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
