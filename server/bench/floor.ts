/**
 * `npm run bench:floor`: what this machine's cores give a request that does only what a signed-in
 * `GET /me` cannot do without, with no framework and none of the platform's code: node:http in one
 * worker per core (node:cluster, as `npm start`), one IPC round trip to the primary (the per-IP
 * count), the session look-up `/me` sends (`session_find_live`, named, on a seeded database, a
 * pool of 20 per worker) and an answer of a `/me`'s size, under wrk at 50 connections for 10 s.
 * It prints the requests per second and the CPU per request of the whole machine but wrk: the
 * floor `GET /me`'s CPU target (≤ 0.15 ms, issue 12) is measured against (docs/benchmark.md).
 *
 * Then the database's part of a log-in at its least: the look-up (`login_lookup_phone`: the
 * account, its hash and both failure counters) and the one writing statement
 * (`login_start_session`: the session and its audit row, committed on its own, so one WAL
 * flush), as the repositories send them, four log-ins at once for 5 s, with no HTTP and no
 * hash: PostgreSQL's CPU per log-in against the ~0.9 ms that everything besides the hash may
 * cost for log-ins at 0.90 of parallel hashing.
 *
 *   npm run bench:floor                       the three steps: HTTP alone, + the query, + the IPC
 *   BENCH_DATABASE_URL=postgres://… npm run bench:floor
 */
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { createLoginRepository } from '../src/flows/login/repository.js';
import { parseContact } from '../src/platform/contacts.js';
import { newToken, sha256 } from '../src/platform/crypto.js';
import type { Db } from '../src/platform/db/index.js';
import { createSessionsRepository } from '../src/platform/sessions/repository.js';
import { machineBusySince, machineTimes, postgresCpuSeconds, postgresCpuSince } from './measure.js';
import { fmt, table } from './report.js';
import { freePort } from './server.js';
import { DEFAULT_ADMIN_URL, freshPostgres, seedAccounts, seededAccount } from './storage.js';
import { runWrk } from './wrk.js';

const CONNECTIONS = 50;
const SECONDS = 10;
const POOL = 20;
const LOGIN_LANES = 4;
const LOGIN_SECONDS = 5;
type Step = 'http' | 'http+query' | 'http+query+ipc';
const STEPS: Step[] = ['http', 'http+query', 'http+query+ipc'];

interface WorkerSetup {
  step: Step;
  port: number;
  url: string;
  sql: string;
  params: unknown[];
  bodyBytes: number;
}

if (cluster.isWorker) {
  const setup = JSON.parse(process.env.FLOOR_SETUP!) as WorkerSetup;
  const pool = new pg.Pool({ connectionString: setup.url, max: POOL });
  const params = setup.params.map((p) =>
    typeof p === 'object' && p !== null && 'hex' in p ? Buffer.from((p as { hex: string }).hex, 'hex') : p,
  );
  const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, setup.bodyBytes - 10)) });
  let next = 1;
  const waiting = new Map<number, () => void>();
  process.on('message', (m: { id: number }) => {
    waiting.get(m.id)?.();
    waiting.delete(m.id);
  });
  const count = () =>
    new Promise<void>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      process.send!({ id, key: 'ip:127.0.0.1' });
    });
  http
    .createServer((_req, res) => {
      void (async () => {
        if (setup.step === 'http+query+ipc') await count();
        if (setup.step !== 'http') {
          const { rows } = await pool.query({ name: 'session_find_live', text: setup.sql, values: params });
          if (rows.length !== 1) throw new Error('the seeded session was not found');
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(body);
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    })
    .listen(setup.port, '127.0.0.1');
} else {
  await main();
}

async function main() {
  const storage = await freshPostgres(process.env.BENCH_DATABASE_URL || DEFAULT_ADMIN_URL);
  try {
    await seedAccounts(storage.db, 201, 'not-a-hash');
    // One live session of the last account, found by the same statement /me sends.
    const tokenHash = sha256(newToken());
    const { rows } = await storage.db.query<{ id: string }>('SELECT id FROM accounts ORDER BY created_at DESC LIMIT 1');
    const now = new Date();
    const sessions = createSessionsRepository();
    await sessions.insert(storage.db, {
      tokenHash,
      accountId: rows[0]!.id,
      now,
      expiresAt: new Date(now.getTime() + 86_400_000),
      ip: '127.0.0.1',
      userAgent: null,
      mfaPending: false,
    });
    let captured: { sql: string; params: unknown[] } | null = null;
    await sessions.findLive(
      {
        query: async (sql: string, params?: unknown[]) => {
          captured = { sql, params: params ?? [] };
          return { rows: [], rowCount: 0 };
        },
      } as never,
      tokenHash,
      now,
      new Date(now.getTime() - 3_600_000),
    );
    const { sql, params } = captured!;
    const results: [string, string][] = [];
    for (const step of STEPS) {
      const port = await freePort();
      const setup: WorkerSetup = {
        step,
        port,
        url: storage.url!,
        sql,
        params: params.map((p) => (Buffer.isBuffer(p) ? { hex: p.toString('hex') } : p)),
        bodyBytes: 560,
      };
      cluster.setupPrimary({ execArgv: ['--import', 'tsx'] });
      const workers = Array.from({ length: os.availableParallelism() }, () =>
        cluster.fork({ FLOOR_SETUP: JSON.stringify(setup) }),
      );
      for (const worker of workers) worker.on('message', (m: { id: number }) => worker.send({ id: m.id }));
      await Promise.all(workers.map((w) => new Promise((resolve) => w.once('listening', resolve))));
      const url = `http://127.0.0.1:${port}/api/v1/me`;
      const job = { url, connections: CONNECTIONS, seconds: 1, script: 'function response(status) end' };
      await runWrk(job);
      const before = machineTimes();
      const load = await runWrk({ ...job, seconds: SECONDS });
      const busyCores = machineBusySince(before) * os.cpus().length;
      for (const worker of workers) worker.kill();
      const msPerRequest = ((busyCores - load.clientCpuCores) * 1000) / load.okPerSecond;
      results.push([
        step,
        `${fmt(load.okPerSecond)} /s, p99 ${fmt(load.latencyMs.p99, 2)} ms, ${fmt(msPerRequest, 3)} ms CPU a request (wrk ${fmt(load.clientCpuCores, 2)} cores, ${load.non2xx + load.errors} errors)`,
      ]);
    }
    table(
      `floor: node:http, ${os.availableParallelism()} workers, ${CONNECTIONS} connections (CPU: the machine's but wrk's)`,
      results,
    );
    table("a log-in's database work at its least (look-up + session and audit row, no HTTP, no hash)", [
      await loginDatabaseFloor(storage.db),
    ]);
  } finally {
    await storage.dispose();
  }
  process.exit(0);
}

/** The look-up and the session insert of a right password, as the log-in sends them, 4 at once. */
async function loginDatabaseFloor(db: Db): Promise<[string, string]> {
  const repo = createLoginRepository();
  const phones = Array.from({ length: 200 }, (_, i) => seededAccount(i + 1).phone);
  const logIn = async (phone: string) => {
    const found = await repo.lookup(db, parseContact(phone), `phone:${phone}`, '00000000-0000-4000-8000-000000000000');
    if (!found.account) throw new Error(`no seeded account ${phone}`);
    const now = new Date();
    await repo.startSession(
      db,
      {
        tokenHash: sha256(newToken()),
        accountId: found.account.id,
        now,
        expiresAt: new Date(now.getTime() + 86_400_000),
        ip: '127.0.0.1',
        userAgent: 'floor',
        mfaPending: false,
      },
      {
        at: now,
        accountId: found.account.id,
        actor: 'account',
        ip: '127.0.0.1',
        userAgent: 'floor',
        event: 'login',
        outcome: 'success',
        details: { method: 'password' },
      },
    );
  };
  await logIn(phones[0]!);
  let done = 0;
  const pgBefore = postgresCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: LOGIN_LANES }, async (_, lane) => {
      for (let i = lane; performance.now() - t0 < LOGIN_SECONDS * 1000; i += LOGIN_LANES) {
        await logIn(phones[i % phones.length]!);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const postgresMs = (postgresCpuSince(pgBefore) * 1000) / done;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeMs = (cpu.user + cpu.system) / 1000 / done;
  return [
    `${LOGIN_LANES} at once, ${fmt(seconds)} s`,
    `${fmt(done / seconds)} /s; CPU a log-in: PostgreSQL ${fmt(postgresMs, 3)} ms, node-postgres ${fmt(nodeMs, 3)} ms`,
  ];
}
