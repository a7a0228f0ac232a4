/**
 * A bench server process: one of `--workers` node:cluster workers forked by the bench (which is
 * their primary, with the shared per-IP store: platform/cluster). It builds the real app on
 * the bench's database and measures its own event loop and CPU for each phase, on request.
 */
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { postgresDb } from '../src/platform/db/index.js';
import { benchConfigEnv, type WorkerSettings } from './server.js';
import { processMeter } from './measure.js';

// Ctrl-C reaches the whole process group: the bench (the primary) decides when workers stop.
process.on('SIGINT', () => undefined);
const settings = JSON.parse(process.env.BENCH_WORKER ?? '{}') as WorkerSettings;
const config = loadConfig({ ...benchConfigEnv(settings), DATABASE_URL: settings.databaseUrl });
const db = postgresDb(settings.databaseUrl, config.db);
const redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 }) : null;
const { app } = await buildApp({ config, db, redis, limiterPrefix: settings.limiterPrefix, clusterWorker: true });
await app.listen({ port: settings.port, host: '127.0.0.1' });

const meter = processMeter();

process.on('message', (message: { type?: string }) => {
  if (message.type === 'bench:start') {
    meter.start();
    process.send?.({ type: 'bench:started' });
  } else if (message.type === 'bench:stop') {
    process.send?.({ type: 'bench:stats', side: meter.stop() });
  } else if (message.type === 'devplat:shutdown') {
    void app
      .close()
      .then(() => db.close())
      .finally(() => {
        redis?.disconnect();
        process.exit(0);
      });
  }
});
