import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the pool gauge reads: the PostgreSQL pool's counters (PGlite has no pool: zeros). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The server's Prometheus series, one registry per server instance (tests build many apps in
 * one process, so nothing is registered globally). Services receive the counters they bump; the
 * module depends on nothing of the server, so any part (the message worker included) can take
 * `metrics` from the container and call, e.g., `metrics.messages.inc({ provider, status })`.
 */
export function createMetrics(deps: { poolStats?: () => PoolStats } = {}) {
  const registry = new Registry();
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  // The delay of the event loop, sampled by libuv's histogram between scrapes.
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  new Gauge({
    name: 'nodejs_eventloop_delay_seconds',
    help: 'Event-loop delay since the previous scrape, by quantile (0.5, 0.99, 1 = max).',
    labelNames: ['quantile'] as const,
    registers,
    collect() {
      this.set({ quantile: '0.5' }, loop.percentile(50) / 1e9);
      this.set({ quantile: '0.99' }, loop.percentile(99) / 1e9);
      this.set({ quantile: '1' }, loop.max / 1e9);
      loop.reset();
    },
  });

  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting = queries queued for a connection).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const stats = deps.poolStats?.() ?? { total: 0, idle: 0, waiting: 0 };
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });

  const argon2Queue = new Histogram({
    name: 'argon2_queue_seconds',
    help: 'Time a password hash or verify waited for a free argon2 slot on the thread pool.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });

  return {
    registry,
    httpDuration,
    argon2Queue,
    codesSent: new Counter({
      name: 'verification_codes_sent_total',
      help: 'Messages sent by the code flow, by channel (sms, email).',
      labelNames: ['channel'] as const,
      registers,
    }),
    /** Limiter answers given from this node's memory because Redis was unreachable (issue 11). */
    limiterFallbacks: new Counter({
      name: 'limiter_redis_fallbacks_total',
      help: 'Limiter answers given from this node memory while Redis was unreachable, by limiter.',
      labelNames: ['limiter'] as const,
      registers,
    }),
    codesThrottled: new Counter({
      name: 'verification_codes_throttled_total',
      help: 'Code sends refused by a throttle, by scope (ip, target).',
      labelNames: ['scope'] as const,
      registers,
    }),
    loginFailures: new Counter({
      name: 'login_failures_total',
      help: 'Failed log-ins by reason (unknown_account, wrong_password, disabled, throttled, ip_limited).',
      labelNames: ['reason'] as const,
      registers,
    }),
    loginHardStops: new Counter({
      name: 'login_hard_stops_total',
      help: 'Accounts that reached the hard stop of failed log-ins (passwords refused until a reset).',
      registers,
    }),
    /** For the message worker: one increment per delivery attempt's outcome. */
    messages: new Counter({
      name: 'messages_total',
      help: 'Messages by provider and status (e.g. sent, failed, retried).',
      labelNames: ['provider', 'status'] as const,
      registers,
    }),
    maintenanceRemoved: new Counter({
      name: 'maintenance_rows_removed_total',
      help: 'Rows (or audit partitions) removed by maintenance, by task.',
      labelNames: ['task'] as const,
      registers,
    }),
    maintenanceRuns: new Counter({
      name: 'maintenance_runs_total',
      help: 'Maintenance passes by outcome (done, skipped = another node held the lock, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    /** The text exposition for GET /metrics. */
    render: () => registry.metrics(),
    contentType: registry.contentType,
    /** Stops the event-loop sampler (server close). */
    stop: () => loop.disable(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
