import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Request ids are UUIDs. An incoming `X-Request-Id` (a proxy's or a caller's) is kept when it is
 * a UUID, so one id follows a request across hops; anything else is replaced, so a client cannot
 * write arbitrary text into our log lines. Passed as Fastify's `genReqId` (with
 * `requestIdHeader: false`, Fastify would otherwise take any header value as it is).
 */
export function requestId(raw: IncomingMessage): string {
  const incoming = raw.headers['x-request-id'];
  return typeof incoming === 'string' && UUID.test(incoming) ? incoming.toLowerCase() : randomUUID();
}

/**
 * The request as it appears in the log: the path without its query string, which can carry
 * personal data (the review queue's `?q=<phone>`), and without headers (cookies, tokens).
 */
export const logSerializers = {
  req(request: FastifyRequest) {
    const query = request.url.indexOf('?');
    return {
      method: request.method,
      url: query === -1 ? request.url : `${request.url.slice(0, query)}?[redacted]`,
      remoteAddress: request.ip,
    };
  },
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The request id on every response (`X-Request-Id`), the duration histogram by route pattern and
 * status, and `GET /metrics` in Prometheus format: only with `Authorization: Bearer <token>`,
 * and 404 when no token is configured, so it is never public by default.
 */
export function registerObservability(app: FastifyInstance, deps: { metrics: Metrics; token: string | null }) {
  const { metrics } = deps;
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      // The pattern (`/api/v1/apps/:appId`), never the raw URL: bounded labels, no personal data.
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.addHook('onClose', async () => metrics.stop());

  const expected = deps.token ? digest(`Bearer ${deps.token}`) : null;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!expected) throw new AppError('request.not_found');
    const given = request.headers.authorization;
    // Digests of equal length, compared in constant time.
    if (!given || !timingSafeEqual(digest(given), expected)) throw new AppError('auth.required');
    return reply
      .header('content-type', metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await metrics.render());
  });
}
