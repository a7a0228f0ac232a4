/**
 * A bench server process: one of `--workers` node:cluster workers forked by the bench (which is
 * their primary, with the shared per-IP store: platform/cluster). It builds the real app on
 * the bench's database and measures its own event loop and CPU for each phase, on request.
 */
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { postgresDb } from '../src/platform/db/index.js';
import { benchConfigEnv, type WorkerSettings } from './server.js';
import { ELD_RESOLUTION_MS, type ProcessSide } from './measure.js';

// Ctrl-C reaches the whole process group: the bench (the primary) decides when workers stop.
process.on('SIGINT', () => undefined);
const settings = JSON.parse(process.env.BENCH_WORKER ?? '{}') as WorkerSettings;
const config = loadConfig({ ...benchConfigEnv(settings), DATABASE_URL: settings.databaseUrl });
const db = postgresDb(settings.databaseUrl, config.db);
const redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 }) : null;
const { app } = await buildApp({ config, db, redis, limiterPrefix: settings.limiterPrefix, clusterWorker: true });
await app.listen({ port: settings.port, host: '127.0.0.1' });

let eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();
let t0 = performance.now();
const delay = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);

process.on('message', (message: { type?: string }) => {
  if (message.type === 'bench:start') {
    eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
    eld.enable();
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    t0 = performance.now();
    process.send?.({ type: 'bench:started' });
  } else if (message.type === 'bench:stop') {
    eld.disable();
    const used = process.cpuUsage(cpu);
    const side: ProcessSide = {
      pid: process.pid,
      eventLoopDelayP99Ms: delay(eld.percentile(99)),
      eventLoopDelayMaxMs: delay(eld.max),
      eventLoopDelayMeanMs: delay(eld.mean),
      eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
      cpuCores: (used.user + used.system) / 1000 / (performance.now() - t0),
    };
    process.send?.({ type: 'bench:stats', side });
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
