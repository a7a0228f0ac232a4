import type { FastifyInstance } from 'fastify';

/** What `/readyz` asks: the database answers, and the node is not draining. */
export interface Readiness {
  /** Throws when a required dependency (the database) does not answer in time. */
  check(): Promise<void>;
  /** From now on `/readyz` answers 503, so load balancers stop sending new requests (SIGTERM). */
  drain(): void;
  readonly draining: boolean;
}

/** Rejects when `promise` takes longer than `ms`: a probe must answer even when a dependency hangs. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createReadiness(probes: Record<string, () => Promise<unknown>>, timeoutMs = 2000): Readiness {
  let draining = false;
  return {
    async check() {
      await Promise.all(Object.entries(probes).map(([name, probe]) => within(probe(), timeoutMs, name)));
    },
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

/**
 * Probes for load balancers and orchestrators, outside the API and without a session:
 * `/healthz` is liveness (the process answers; restart it if not), `/readyz` is readiness (the
 * database answers and the node is not shutting down; 503 otherwise). Redis down does not take
 * the node out (the limiters fall back, docs/operations.md "Failure behaviour"): `/readyz` stays
 * 200 and says `redis: "degraded"`.
 */
export function registerHealth(
  app: FastifyInstance,
  readiness: Readiness,
  redisState: () => 'ok' | 'degraded' | 'absent' = () => 'absent',
) {
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (request, reply) => {
    const redis = redisState();
    if (readiness.draining) return reply.status(503).send({ status: 'draining', redis });
    try {
      await readiness.check();
      return { status: 'ready', redis };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      return reply.status(503).send({ status: 'unavailable', redis });
    }
  });
}
