import type { FastifyInstance } from 'fastify';

/**
 * Probes for load balancers and orchestrators, outside the API and without a session:
 * `/healthz` (the process answers) and `/readyz` (it can reach its database; 503 if not).
 */
export function registerHealth(app: FastifyInstance, deps: { ready: () => Promise<void> }) {
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    try {
      await deps.ready();
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}
