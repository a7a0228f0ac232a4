import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
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
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null;
  const { app } = await buildApp({ config, db, redis });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking connections, finish those in flight, then release the database.
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
    `storage: ${where}; limits: ${redis ? 'Redis' : 'this node'}; dev outbox: ${config.devOutbox ? 'on' : 'off'}`,
  );
  console.log(`\n  AIoT developer platform is running at ${config.publicUrl}  (API reference: /api/docs)\n`);
}

void main();
