import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  api,
  approve,
  createApp,
  developer,
  newDevice,
  signedCall,
  sql,
  type Credentials,
  type SqlClient,
} from '../procs/client.js';
import { clusterEnv, kill, sleep, startNode, startPostgres, stopAll, until, type Node } from '../procs/processes.js';

/**
 * kill -9 of a node in the middle of its transactions: a gateway with its sub-devices is one
 * transaction, so afterwards every gateway has all of its sub-devices or is not there at all.
 * Once on PostgreSQL (checked with SQL), once on the embedded PGlite, where the killed process
 * is the database too (docs/operations.md: what PGlite guarantees).
 */
const ORIGIN = 'http://localhost:3000';
const SUBS = 50;

afterAll(stopAll);

/** Gateways with SUBS sub-devices each, from 4 callers, until the node dies; the acknowledged ids. */
async function gatewaysUntilKilled(node: Node, creds: Credentials) {
  const acknowledged: string[] = [];
  let alive = true;
  const caller = async () => {
    while (alive) {
      const gateway = newDevice('gw');
      const subDevices = Array.from({ length: SUBS }, () => newDevice('sub'));
      const res = await signedCall(node.base, creds, {
        method: 'POST',
        path: '/open/v1/gateways',
        body: { gateway, subDevices },
      }).catch(() => null);
      if (res?.status === 201) acknowledged.push(gateway.deviceId);
      else if (res === null) alive = false;
    }
  };
  const callers = Promise.all([caller(), caller(), caller(), caller()]);
  await until('some gateways written', () => acknowledged.length >= 3);
  // Somewhere inside the next transactions, not between requests.
  await sleep(37);
  await kill(node.child, 'SIGKILL');
  alive = false;
  await callers;
  return acknowledged;
}

/** No gateway with some of its sub-devices, and every gateway the node acknowledged is stored. */
async function expectWholeOrAbsent(db: SqlClient, appId: string, acknowledged: string[]) {
  const partial = await db.query(
    `SELECT g.device_id, count(s.id)::int AS subs FROM devices g
       LEFT JOIN devices s ON s.gateway_id = g.id
      WHERE g.kind = 'gateway' AND g.app_id = $1 GROUP BY g.device_id HAVING count(s.id) <> $2`,
    [appId, SUBS],
  );
  expect(partial).toEqual([]);
  const stored = await db.query<{ device_id: string }>(
    `SELECT device_id FROM devices WHERE kind = 'gateway' AND app_id = $1`,
    [appId],
  );
  const ids = new Set(stored.map((r) => r.device_id));
  expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
}

describe('kill -9 of a node mid-transaction', () => {
  it('on PostgreSQL leaves every gateway whole or absent (SQL check)', async () => {
    const pgServer = await startPostgres();
    const env = clusterEnv({ DATABASE_URL: pgServer.url(), PUBLIC_URL: ORIGIN });
    const node = await startNode('crash-pg', env);
    const db = sql(pgServer.url());
    const { creds } = await developer(api(node.base, ORIGIN), db, 'enterprise');
    const acknowledged = await gatewaysUntilKilled(node, creds);

    // PostgreSQL rolls back what the dead connection left open; give it a moment to notice.
    await until('no transaction of the dead node left open', async () => {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'postgres' AND state LIKE 'idle in transaction%'`,
      );
      return row!.n === 0;
    });
    await expectWholeOrAbsent(db, creds.appId, acknowledged);
    await db.close();
  });

  it('on the embedded PGlite: restarted on the same data folder, every gateway whole or absent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'devplat-crash-pglite-'));
    const env = clusterEnv({ PUBLIC_URL: ORIGIN, DATA_DIR: dataDir });
    /** The node's own database, opened by this test while no node runs (PGlite is one process):
     * opening it after the kill is the restart, recovery included. */
    const embedded = async (): Promise<SqlClient> => {
      const instance = await PGlite.create(path.join(dataDir, 'pglite'));
      return {
        query: async <T>(text: string, params?: unknown[]) => (await instance.query<T>(text, params)).rows,
        close: () => instance.close(),
      };
    };
    const first = await startNode('crash-pglite', env);
    const user = await api(first.base, ORIGIN).register();
    await kill(first.child, 'SIGTERM');
    let db = await embedded();
    await approve(db, user.id, 'enterprise');
    await db.close();

    const second = await startNode('crash-pglite-2', env);
    const creds = await createApp(api(second.base, ORIGIN), user.cookie);
    const acknowledged = await gatewaysUntilKilled(second, creds);

    db = await embedded();
    // PGlite writes through to its folder on commit but does not fsync: after a process kill
    // (not a power cut) every acknowledged commit is there.
    await expectWholeOrAbsent(db, creds.appId, acknowledged);
    await db.close();
  });
});
