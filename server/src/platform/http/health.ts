import type { FastifyInstance } from 'fastify';

/**
 * Probes for load balancers and orchestrators, outside the API and without a session:
 * `/healthz` (the process answers) and `/readyz` (it can reach its database; 503 if not). Redis
 * down does not take the node out (the limiters fall back, docs/operations.md "Failure
 * behaviour"): `/readyz` stays 200 and says `redis: "degraded"`.
 */
export function registerHealth(
  app: FastifyInstance,
  deps: { ready: () => Promise<void>; redisState?: () => 'ok' | 'degraded' | 'absent' },
) {
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const redis = deps.redisState?.() ?? 'absent';
    try {
      await deps.ready();
      return { status: 'ready', redis };
    } catch {
      return reply.status(503).send({ status: 'unavailable', redis });
    }
  });
}
