import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, developer, newDevice, signedCall, sql, type Credentials } from '../procs/client.js';
import {
  clusterEnv,
  sleep,
  startNode,
  startPostgres,
  stopAll,
  until,
  type Node,
  type Postgres,
} from '../procs/processes.js';

/**
 * PostgreSQL stopped under load and started again (docs/operations.md, "Failure behaviour"):
 * coded 503s with Retry-After while it is down (bounded by DB_CONNECT_TIMEOUT_SECONDS, never a
 * hang), no other 5xx, the pool reconnects by itself, and every write that answered 2xx is there.
 */
let pgServer: Postgres;
let node: Node;
let creds: Credentials;
let cookie: string;
const ORIGIN = 'http://localhost:3000';

beforeAll(async () => {
  pgServer = await startPostgres();
  node = await startNode(
    'pg-fault',
    clusterEnv({
      DATABASE_URL: pgServer.url(),
      PUBLIC_URL: ORIGIN,
      DB_CONNECT_TIMEOUT_SECONDS: '1',
      DB_STATEMENT_TIMEOUT_SECONDS: '3',
    }),
  );
  const db = sql(pgServer.url());
  const dev = await developer(api(node.base, ORIGIN), db, 'enterprise');
  await db.close();
  creds = dev.creds;
  cookie = dev.cookie;
});
afterAll(stopAll);

describe('PostgreSQL stopped under load', () => {
  it('answers 503 with Retry-After meanwhile, recovers by itself, and loses no acknowledged write', async () => {
    const client = api(node.base, ORIGIN);
    const written: string[] = [];
    const statuses = new Map<number, number>();
    const slowest = { ms: 0 };
    let without503RetryAfter = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const device = newDevice('pg');
        const started = Date.now();
        const [add, me] = await Promise.all([
          signedCall(node.base, creds, { method: 'POST', path: '/open/v1/devices', body: device }),
          client.send({ path: '/api/v1/me', cookie }),
        ]);
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        for (const r of [add, me]) {
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 503) {
            if (r.headers['retry-after'] === undefined || r.json<{ code: string }>().code !== 'service.unavailable') {
              without503RetryAfter++;
            }
          }
        }
        if (add.status === 201) written.push(device.deviceId);
        if (add.status === 503) await sleep(50);
      }
    };
    const load = Promise.all([worker(), worker()]);
    await until('writes before the fault', () => written.length > 10);

    pgServer.stop();
    await until('503s during the outage', () => (statuses.get(503) ?? 0) > 5, 20_000);
    const readyDown = await client.send({ path: '/readyz' });
    expect(readyDown.status).toBe(503);
    await sleep(1000);

    await pgServer.start();
    const before = written.length;
    await until('writes after the database is back', () => written.length > before + 10, 30_000);
    running = false;
    await load;

    expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(without503RetryAfter).toBe(0);
    // Every wait is bounded: connect timeout 1 s, statement timeout 3 s (plus the request's own work).
    expect(slowest.ms).toBeLessThan(10_000);
    const db = sql(pgServer.url());
    const rows = await db.query<{ device_id: string }>('SELECT device_id FROM devices WHERE app_id = $1', [
      creds.appId,
    ]);
    await db.close();
    const stored = new Set(rows.map((r) => r.device_id));
    expect(written.filter((id) => !stored.has(id))).toEqual([]);
  });
});
