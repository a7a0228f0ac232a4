import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, startupWarnings, type Config } from './config.js';
import { testClockFor } from './flows/test-clock/clock.js';
import { followPrimary, isClusterWorker, startPrimary } from './platform/cluster/index.js';
import { DataDirLockedError, lockDataDir } from './platform/db/lock.js';
import { MigrationError, migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';

/** One step of the shutdown, run in list order; a failing step is logged and the next still runs. */
interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The one line a failed start prints: what went wrong, without a stack for the expected cases. */
function startupFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof MigrationError) return error.message;
  if (error instanceof DataDirLockedError) {
    return `${error.message}: another server or an operator command is running on it; stop it first, or use DATABASE_URL`;
  }
  const e = error as NodeJS.ErrnoException & { message?: string };
  // pg reports an unreachable server as ECONNREFUSED / ENOTFOUND / a timeout, sometimes as an AggregateError.
  if (e?.code && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'].includes(e.code)) {
    return `the database is unreachable (${e.code}): check DATABASE_URL and that PostgreSQL is running`;
  }
  return `${e?.message || String(error)}`;
}

/**
 * Milliseconds since the process started (performance.timeOrigin) at each start-up step, logged
 * once in the "started" line: what `npm run bench:start` (scripts/bench-start.mjs) breaks down.
 */
const startup: Record<string, number> = {
  // scripts/start.mjs's own steps (the console check, tsx), when it launched this process.
  ...(globalThis as { devplatStartupMarks?: Record<string, number> }).devplatStartupMarks,
  entryLoaded: Math.round(performance.now()),
};
const mark = (step: string) => (startup[step] = Math.round(performance.now()));

/**
 * The modules of the app itself (Fastify, every flow, their dependencies): loaded while the
 * database opens and migrates, which on the embedded database happens on its worker thread —
 * the two biggest parts of a start run side by side instead of one after the other.
 */
const loadAppModules = (config: Config) =>
  Promise.all([
    import('./app.js'),
    config.redisUrl ? import('ioredis') : null,
    import('./flows/test-clock/routes.js'),
  ]).then(([app, ioredis, testClock]) => {
    mark('appModulesLoaded');
    return { buildApp: app.buildApp, Redis: ioredis?.Redis ?? null, testClockRoutes: testClock.testClockRoutes };
  });
type AppModules = Awaited<ReturnType<typeof loadAppModules>>;

async function main() {
  const cleanup: ShutdownStep[] = [];
  let config: Config;
  try {
    config = loadConfig();
    mark('configLoaded');
    // The embedded database is this process's alone while it runs (npm run staff checks this lock).
    if (!config.databaseUrl) cleanup.push({ name: 'data folder lock', run: lockDataDir(config.dataDir) });
    // A WORKERS primary only migrates and forks: it serves nothing, so it loads no app modules.
    const primaryOnly = config.workers > 1 && !isClusterWorker();
    const modules = primaryOnly ? null : loadAppModules(config);
    modules?.catch(() => undefined); // awaited below; a database failure must not leave it unhandled
    const db = await openDatabase(config);
    mark('databaseOpen');
    cleanup.unshift({ name: 'database', run: () => db.close() });
    // Several workers: the primary migrates once, then forks them (they skip it).
    if (!isClusterWorker()) await migrate(db);
    mark('migrated');
    if (!modules) {
      await db.close();
      return primary(config);
    }
    return await serve(config, db, cleanup, await modules);
  } catch (error) {
    console.error(`start-up failed: ${startupFailure(error)}`);
    for (const step of cleanup) await Promise.resolve(step.run()).catch(() => undefined);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

async function serve(
  config: Config,
  db: Awaited<ReturnType<typeof openDatabase>>,
  cleanup: ShutdownStep[],
  { buildApp, Redis, testClockRoutes }: AppModules,
) {
  // ioredis reconnects forever (back-off up to 2 s); a command fails after one retry instead of
  // waiting, and the limiters answer from their fallback (docs/decisions.md, "Redis down").
  const redis =
    config.redisUrl && Redis
      ? new Redis(config.redisUrl, {
          lazyConnect: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          retryStrategy: (times) => Math.min(times * 100, 2000),
        })
      : null;
  // Browser tests move this server's time instead of sleeping (NODE_ENV=test on loopback only).
  const testClock = testClockFor(config);
  const { app, container, warmSchemas } = await buildApp({
    config,
    db,
    redis,
    ...(testClock ? { clock: testClock } : {}),
  });
  mark('appBuilt');
  if (testClock) await app.register(testClockRoutes, { prefix: '/api/v1', clock: testClock });
  for (const warning of startupWarnings(config)) app.log.warn(warning);
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let redisDown = false;
  redis?.on('error', (error: Error) => {
    if (!redisDown) app.log.error({ err: error, dependency: 'redis' }, 'Redis connection lost; reconnecting');
    redisDown = true;
  });
  redis?.on('ready', () => {
    if (redisDown) app.log.warn({ dependency: 'redis' }, 'Redis connection back');
    redisDown = false;
  });

  /**
   * The shutdown, in order. Readiness fails first so the load balancer stops sending requests,
   * then the drain delay lets it notice, then the server stops taking connections and waits for
   * those in flight (at most the hard timeout), then background work stops, and only then do the
   * connections it used close. Append a background worker's `stop()` before 'database'.
   */
  const shutdownSteps = (signal: string): ShutdownStep[] => [
    { name: 'readiness', run: () => container.readiness.drain() },
    // Ctrl-C on a laptop needs no drain; an orchestrator's SIGTERM does.
    { name: 'drain delay', run: () => (signal === 'SIGTERM' ? sleep(config.shutdown.drainSeconds * 1000) : null) },
    // Closing the app also stops this node's message worker (its onClose hook: no new claims, sends finish).
    { name: 'http server', run: () => closeWithin(config.shutdown.timeoutSeconds * 1000) },
    { name: 'maintenance', run: () => container.maintenance.stop() },
    // disconnect, not quit: no reply is awaited any more, and quit would wait on an unreachable Redis.
    { name: 'redis', run: () => redis?.disconnect() },
    ...cleanup, // the database, then the data folder lock
  ];

  const closeWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const result = await Promise.race([app.close(), late]);
    clearTimeout(timer);
    if (result === 'late') {
      app.log.warn(`requests still running after ${ms / 1000} s: closing their connections`);
      app.server.closeAllConnections();
    }
  };

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      // A second signal: stop waiting.
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    for (const step of shutdownSteps(signal)) {
      try {
        await step.run();
      } catch (error) {
        app.log.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    process.exit(0);
  };
  if (isClusterWorker()) {
    // The primary forwards the signal once per worker (a second one: stop waiting).
    followPrimary((signal, now) => (now ? process.exit(1) : void shutdown(signal)));
  } else {
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  }

  // One URL in the log: the one people open (PUBLIC_URL), not also the socket's address as a URL.
  await app.listen({
    port: config.port,
    host: config.host,
    listenTextResolver: (address) => `listening on ${address.replace(/^https?:\/\//, '')}`,
  });
  mark('listening');
  // Route schemas are compiled on first use; the rest now, in the background, a turn each.
  void warmSchemas().then(
    (compiled) => app.log.debug({ compiled }, 'route schemas compiled'),
    (error: unknown) => app.log.error({ err: error }, 'a route schema does not compile'),
  );
  // One periodic maintenance per host is enough (its deletes take disjoint rows anyway).
  if (config.workerIndex === 0) container.maintenance.start();
  app.log.info({ startup }, 'started');
  if (isClusterWorker()) return;
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  app.log.info(
    `storage: ${where}; limits: ${redis ? 'Redis' : 'this node'}; dev outbox: ${config.devOutbox ? 'on' : 'off'}; SMS: ${config.sms.providers.join(', ') || 'none'}`,
  );
  console.log(`\n  AIoT developer platform is running at ${config.publicUrl}  (API reference: /api/docs)\n`);
}

/**
 * WORKERS > 1: this process forks the workers and serves nothing itself (platform/cluster).
 * It stays up until they are all gone, and exits 0 only if they all drained cleanly.
 */
async function primary(config: Config) {
  const log = (message: string) => console.log(`[primary ${process.pid}] ${message}`);
  const entry = fileURLToPath(import.meta.url);
  // From sources (tsx): the workers load the TypeScript entry through tsx as well.
  const tsx = entry.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx'));
  const cluster = startPrimary({
    workers: config.workers,
    exec: entry,
    execArgv: [...process.execArgv, ...(tsx ? ['--import', 'tsx'] : [])],
    log,
  });
  const onSignal = (signal: string) => {
    log(`${signal}: draining ${cluster.workers().length} workers`);
    void cluster.shutdown(signal);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  void cluster.listening.then(() => {
    const where = `PostgreSQL; limits: ${config.redisUrl ? 'Redis' : 'this host (the primary process)'}`;
    log(`${config.workers} workers listening on ${config.host}:${config.port}; storage: ${where}`);
    console.log(`\n  AIoT developer platform is running at ${config.publicUrl}  (API reference: /api/docs)\n`);
  });
  process.exit(await cluster.exited);
}

await main();
