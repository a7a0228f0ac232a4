/**
 * The server under bench: PostgreSQL — `--workers` node:cluster workers forked by this process,
 * which is their primary (platform/cluster, as `npm start` with WORKERS=N); PGlite — the app in
 * this process (the embedded database belongs to one process). Either way the bench can ask
 * each server process for its event-loop delay, utilisation and CPU over a phase.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:cluster';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startPrimary } from '../src/platform/cluster/index.js';
import type { Db } from '../src/platform/db/index.js';
import { processMeter, type ProcessSide } from './measure.js';
import { PASSWORD } from './storage.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function connectRedis(url: string): Promise<Redis | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return null;
  }
}

/** What every server process of one run shares (secrets must match: sealed keys, cookies). */
export interface WorkerSettings {
  port: number;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | null;
  appSecret: string;
  dataKey: string;
  limiterPrefix: string;
  workers: number;
}

/**
 * The server's settings under bench: NODE_ENV=test, silent log, the per-IP limits raised out of
 * the way (every request still goes through them: one count per request, in the primary or Redis).
 */
export function benchConfigEnv(s: Omit<WorkerSettings, 'databaseUrl' | 'redisUrl' | 'limiterPrefix'>) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(s.port),
    PUBLIC_URL: `http://127.0.0.1:${s.port}`,
    DATA_DIR: s.dataDir,
    WEB_DIST: path.join(s.dataDir, 'no-web'),
    APP_SECRET: s.appSecret,
    DATA_KEYS: `bench:${s.dataKey}`,
    WORKERS: String(s.workers),
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000000',
    RATE_LIMIT_OPEN_API_PER_MINUTE: '10000000',
    LOGIN_FAILURES_PER_IP_HOUR: '1000000',
    // Each worker's pool (default 10), as a deployment would set it.
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
  };
}

export async function logIn(base: string, identifier: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier, password: PASSWORD }),
  });
  const sid = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sid='));
  if (response.status !== 200 || !sid) {
    throw new Error(`log-in for the /me phase failed: ${response.status} ${await response.text()}`);
  }
  const me = await fetch(`${base}/api/v1/me`, { headers: { cookie: sid } });
  if (me.status !== 200) throw new Error(`GET /api/v1/me with a fresh session answered ${me.status}`);
  return sid;
}

export interface BenchServer {
  base: string;
  /** `N workers (node:cluster)` or `1 process (this one)`. */
  label: string;
  /** The server processes' pids (the workers; this process for PGlite). */
  pids(): number[];
  /** Starts each server process's measurement. */
  start(): Promise<void>;
  /** Ends it: one entry per server process. */
  stop(): Promise<ProcessSide[]>;
  /** The DATA_KEYS entry of the run (the bench seals the open API key with it). */
  dataKey: { id: string; key: Buffer };
  close(): Promise<void>;
}

const settingsFor = async (workers: number) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'devplat-bench-data-'));
  return {
    port: await freePort(),
    dataDir,
    appSecret: randomBytes(32).toString('base64'),
    dataKey: randomBytes(32).toString('base64'),
    workers,
  };
};

/** The app in this process (PGlite): measured with this process's own event loop and CPU. */
export async function startInProcess(db: Db, redis: Redis | null): Promise<BenchServer> {
  const s = await settingsFor(1);
  const config = loadConfig(benchConfigEnv(s));
  const { app } = await buildApp({ config, db, redis, limiterPrefix: `bench-${randomBytes(4).toString('hex')}` });
  await app.listen({ port: s.port, host: '127.0.0.1' });
  const meter = processMeter();
  return {
    base: `http://127.0.0.1:${s.port}`,
    label: '1 process (the bench itself; PGlite is in-process)',
    pids: () => [process.pid],
    dataKey: { id: 'bench', key: Buffer.from(s.dataKey, 'base64') },
    async start() {
      meter.start();
    },
    async stop() {
      return [meter.stop()];
    },
    async close() {
      await app.close();
      await rm(s.dataDir, { recursive: true, force: true });
    },
  };
}

/** `workers` server processes forked by this one (PostgreSQL), as `npm start` with WORKERS=N. */
export async function startWorkers(
  databaseUrl: string,
  redisUrl: string | null,
  workers: number,
): Promise<BenchServer> {
  const s = await settingsFor(workers);
  const settings: WorkerSettings = {
    ...s,
    databaseUrl,
    redisUrl,
    limiterPrefix: `bench-${randomBytes(4).toString('hex')}`,
  };
  const primary = startPrimary({
    workers,
    exec: path.join(import.meta.dirname, 'worker.ts'),
    // BENCH_CPU_PROF_DIR: each worker writes a V8 CPU profile there when it exits (where a
    // request's server CPU goes; docs/benchmark.md "Where /me's CPU goes").
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
      ...(process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean),
    ],
    env: { BENCH_WORKER: JSON.stringify(settings) },
    log: (message) => console.log(`bench primary: ${message}`),
  });
  const failed = primary.exited.then((code) => {
    throw new Error(`the bench's server workers exited (${code}) before listening`);
  });
  await Promise.race([primary.listening, failed]);
  failed.catch(() => undefined);
  const ask = <T>(worker: Worker, type: string, reply: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { type?: string } & T) => {
        if (message.type !== reply) return;
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.send({ type });
    });
  return {
    base: `http://127.0.0.1:${s.port}`,
    label: `${workers} worker${workers > 1 ? 's' : ''} (node:cluster; this process is their primary)`,
    pids: () => primary.workers().map((w) => w.process.pid!),
    dataKey: { id: 'bench', key: Buffer.from(s.dataKey, 'base64') },
    async start() {
      await Promise.all(primary.workers().map((w) => ask(w, 'bench:start', 'bench:started')));
    },
    async stop() {
      const replies = await Promise.all(
        primary.workers().map((w) => ask<{ side: ProcessSide }>(w, 'bench:stop', 'bench:stats')),
      );
      return replies.map((r) => r.side);
    },
    async close() {
      await primary.shutdown('SIGTERM');
      await rm(s.dataDir, { recursive: true, force: true });
    },
  };
}
