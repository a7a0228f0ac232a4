import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clientIp, phone } from '../procs/client.js';
import {
  clusterEnv,
  startNode,
  startPostgres,
  startRedis,
  stopAll,
  until,
  type Node,
  type Postgres,
  type RedisServer,
} from '../procs/processes.js';

/**
 * Redis killed under log-in and code-send load (docs/operations.md, "Failure behaviour"): the
 * limiters go on in the node's memory (never a 500, never unlimited), /readyz says degraded, and
 * the node is back on Redis by itself once redis-server runs again.
 */
let pgServer: Postgres;
let redis: RedisServer;
let node: Node;
const CAP = 5;

beforeAll(async () => {
  pgServer = await startPostgres();
  redis = await startRedis();
  node = await startNode(
    'redis-fault',
    clusterEnv({
      DATABASE_URL: pgServer.url(),
      REDIS_URL: redis.url,
      PUBLIC_URL: 'http://localhost:3000',
      CODE_SENDS_PER_IP_HOUR: String(CAP),
      LOG_LEVEL: 'info',
    }),
  );
});
afterAll(stopAll);

describe('Redis killed under load', () => {
  it('limiters fall back to this node, no 500, and go back to Redis when it returns', async () => {
    const client = api(node.base, 'http://localhost:3000');
    const user = await client.register();
    const statuses = new Map<number, number>();
    let running = true;
    // Load: code sends from many addresses, good and bad log-ins, all the while.
    const load = (async () => {
      while (running) {
        const replies = await Promise.all([
          client.sendCode(phone(), clientIp()),
          client.login(user.phone, 'wrong-password-123', clientIp()),
          client.login(user.phone),
        ]);
        for (const r of replies) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    })();
    await until('some load before the fault', () => [...statuses.values()].reduce((a, b) => a + b, 0) > 15);

    await redis.kill();
    await until('readyz to report Redis degraded', async () => {
      const res = await client.send({ path: '/readyz' });
      return res.status === 200 && res.json<{ redis: string }>().redis === 'degraded';
    });
    // The per-IP code cap still holds while Redis is down: counted in this node's memory.
    const from = clientIp();
    const outage: number[] = [];
    for (let i = 0; i < CAP + 2; i++) outage.push((await client.sendCode(phone(), from)).status);
    expect(outage).toEqual([...Array(CAP).fill(202), 429, 429]);
    expect(node.output()).toContain('Redis unreachable: limiter falls back (per node)');

    await redis.start();
    await until('readyz to report Redis ok', async () => {
      const res = await client.send({ path: '/readyz' });
      return res.json<{ redis: string }>().redis === 'ok';
    });
    // Back on Redis: a fresh address gets the whole cap again, counted in Redis (which was empty).
    const after = clientIp();
    for (let i = 0; i < CAP; i++) expect((await client.sendCode(phone(), after)).status).toBe(202);
    expect((await client.sendCode(phone(), after)).status).toBe(429);
    await until('log-ins counted in Redis again', () => node.output().includes('limiter back on Redis'));
    running = false;
    await load;

    // On a failure, the node's own error lines say which request failed and why.
    const errors = node
      .output()
      .split('\n')
      .filter((line) => /"statusCode":5\d\d|"level":50/.test(line))
      .join('\n');
    expect(
      [...statuses.keys()].filter((s) => s >= 500),
      errors,
    ).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(0);
  });
});
