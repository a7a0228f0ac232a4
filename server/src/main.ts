import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, startupWarnings } from './config.js';
import { testClockFor } from './flows/test-clock/clock.js';
import { testClockRoutes } from './flows/test-clock/routes.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const db = await openDatabase(config);
  await migrate(db);
  // ioredis reconnects forever (back-off up to 2 s); a command fails after one retry instead of
  // waiting, and the limiters answer from their fallback (docs/decisions.md, "Redis down").
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        lazyConnect: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 100, 2000),
      })
    : null;
  // Browser tests move this server's time instead of sleeping (NODE_ENV=test on loopback only).
  const testClock = testClockFor(config);
  const { app } = await buildApp({ config, db, redis, ...(testClock ? { clock: testClock } : {}) });
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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking connections, finish those in flight (the message worker stops claiming and
    // lets its sends finish, bounded by the send timeout), then release the database.
    await app.close();
    await db.close();
    redis?.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // One URL in the log: the one people open (PUBLIC_URL), not also the socket's address as a URL.
  await app.listen({
    port: config.port,
    host: config.host,
    listenTextResolver: (address) => `listening on ${address.replace(/^https?:\/\//, '')}`,
  });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  app.log.info(
    `storage: ${where}; limits: ${redis ? 'Redis' : 'this node'}; dev outbox: ${config.devOutbox ? 'on' : 'off'}; SMS: ${config.sms.providers.join(', ') || 'none'}`,
  );
  console.log(`\n  AIoT developer platform is running at ${config.publicUrl}  (API reference: /api/docs)\n`);
}

void main();
