/** The server under bench: the real app in this process on a free port, and what it needs. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/platform/db/index.js';
import { PASSWORD } from './storage.js';

function freePort(): Promise<number> {
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

/**
 * Builds the app on `db` (and Redis when given) and listens on a free loopback port; `close`
 * stops it and removes its data folder.
 */
export async function startBenchServer(
  db: Db,
  redis: Redis | null,
): Promise<{ base: string; app: FastifyInstance; close: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'devplat-bench-data-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    WEB_DIST: path.join(dataDir, 'no-web'),
    APP_SECRET: randomBytes(32).toString('base64'),
    // One client address sends every request: the per-IP request limits would answer 429.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000000',
  });
  const { app } = await buildApp({ config, db, redis, limiterPrefix: `bench-${randomBytes(4).toString('hex')}` });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    base,
    app,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
