/**
 * `npm run bench:floor`: what this machine's cores give a request that does only what a signed-in
 * `GET /me` cannot do without, with no framework and none of the platform's code: node:http in one
 * worker per core (node:cluster, as `npm start`), one IPC round trip to the primary (the per-IP
 * count), the session look-up `/me` sends (`session_find_live`, named, on a seeded database, a
 * pool of 20 per worker) and an answer of a `/me`'s size, under wrk at 50 connections for 10 s.
 * It prints the requests per second and the CPU per request of the whole machine but wrk: the
 * floor `GET /me`'s CPU target (≤ 0.15 ms, issue 12) is measured against (docs/benchmark.md).
 *
 * Then a log-in at its least (`login`): the same node:http workers, each request a JSON body
 * read, the per-IP count (one IPC round trip), the look-up (`login_lookup_*`), the argon2id
 * verify of the seeded hash (m=19456, t=2, p=1, one at a time a worker as the server runs them)
 * and the session with its audit row (`login_start_session`), answered with an HttpOnly cookie;
 * wrk's log-in job at 16 connections for 10 s, as the bench. Beside it, the bench's own argon2id
 * measures in this process, so the log-in target's ratio (≥ 0.90 of parallel hashing) can be
 * read for a log-in that does nothing else. The same log-ins run again with the accounts' hash
 * made cheap (CHEAP_HASH_COST): what the same work costs with no argon2id sharing the cores. Each
 * is split by the workers' main threads, their other threads and PostgreSQL, with the main
 * threads' waits (the event loop idle, then woken) and preemptions a log-in.
 *
 * Last, the database's part of a log-in at its least: the look-up (`login_lookup_phone`: the
 * account, its hash and both failure counters) and the one writing statement
 * (`login_start_session`: the session and its audit row, committed on its own, so one WAL
 * flush), as the repositories send them, four log-ins at once for 5 s, with no HTTP and no
 * hash: PostgreSQL's CPU per log-in against the ~0.9 ms that everything besides the hash may
 * cost for log-ins at 0.90 of parallel hashing.
 *
 *   npm run bench:floor                       HTTP alone, + the query, + the IPC; the log-ins; their database work
 *   BENCH_DATABASE_URL=postgres://… npm run bench:floor
 */
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { createLoginRepository, type LoginRepository } from '../src/flows/login/repository.js';
import { parseContact } from '../src/platform/contacts.js';
import { newToken, sha256 } from '../src/platform/crypto.js';
import { postgresDb, type Db } from '../src/platform/db/index.js';
import { createPasswords } from '../src/platform/passwords.js';
import { createSessionsRepository } from '../src/platform/sessions/repository.js';
import {
  machineBusySince,
  machineTimes,
  measureArgon2,
  postgresCpuSeconds,
  postgresCpuSince,
  processUsage,
} from './measure.js';
import { fmt, table } from './report.js';
import { freePort } from './server.js';
import { LOGIN_CONNECTIONS, loginJob } from './phases.js';
import { CHEAP_HASH_COST } from './args.js';
import { DEFAULT_ADMIN_URL, freshPostgres, PASSWORD, seedAccounts, seededAccount } from './storage.js';
import { runWrk, type WrkJob } from './wrk.js';

const CONNECTIONS = 50;
const SECONDS = 10;
const POOL = 20;
const LOGIN_LANES = 4;
const LOGIN_SECONDS = 5;
type Step = 'http' | 'http+query' | 'http+query+ipc' | 'login';
const STEPS: Step[] = ['http', 'http+query', 'http+query+ipc'];

interface WorkerSetup {
  step: Step;
  port: number;
  url: string;
  sql: string;
  params: unknown[];
  bodyBytes: number;
}

/** The decoy account id an unknown identifier's counter is read under (never one that exists). */
const DECOY_ID = '00000000-0000-4000-8000-000000000000';

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
  const me = async (res: http.ServerResponse) => {
    if (setup.step === 'http+query+ipc') await count();
    if (setup.step !== 'http') {
      const { rows } = await pool.query({ name: 'session_find_live', text: setup.sql, values: params });
      if (rows.length !== 1) throw new Error('the seeded session was not found');
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const logIn = setup.step === 'login' ? loginHandler(setup, count) : null;
  http
    .createServer((req, res) => {
      (logIn ? logIn(req, res) : me(res)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    })
    .listen(setup.port, '127.0.0.1');
} else {
  await main();
}

/**
 * POST /api/v1/sessions at its least: the body, the per-IP count, the look-up, the verify (the
 * server's argon2 slots: the cores shared by the workers), the session and its audit row.
 */
function loginHandler(setup: WorkerSetup, count: () => Promise<void>) {
  const db = postgresDb(setup.url, POOL);
  const repo = createLoginRepository();
  // The server's argon2Concurrency, ceil(cores / workers), with one worker per core.
  const passwords = createPasswords({ minLength: 8, concurrency: 1 });
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString()) as { identifier: string; password: string };
    await count();
    const contact = parseContact(input.identifier);
    const { account } = await repo.lookup(db, contact, `${contact?.kind}:${contact?.value}`, DECOY_ID);
    const ok = account
      ? await passwords.verify(account.password_hash, input.password)
      : await passwords.verifyDummy(input.password);
    if (!account || !ok) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"auth.invalid_credentials"}');
      return;
    }
    const token = newToken();
    await startSession(db, repo, token, account.id, req.headers['user-agent'] ?? null);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'set-cookie': `sid=${token}; Path=/; HttpOnly; SameSite=Lax`,
      'cache-control': 'no-store',
    });
    res.end('{"ok":true}');
  };
}

/** A right password's session (a day long) and its `login` audit row, as the log-in writes them. */
function startSession(db: Db, repo: LoginRepository, token: string, accountId: string, userAgent: string | null) {
  const now = new Date();
  return repo.startSession(
    db,
    {
      tokenHash: sha256(token),
      accountId,
      now,
      expiresAt: new Date(now.getTime() + 86_400_000),
      ip: '127.0.0.1',
      userAgent,
      mfaPending: false,
    },
    {
      at: now,
      accountId,
      actor: 'account',
      ip: '127.0.0.1',
      userAgent,
      event: 'login',
      outcome: 'success',
      details: { method: 'password' },
    },
  );
}

async function main() {
  const storage = await freshPostgres(process.env.BENCH_DATABASE_URL || DEFAULT_ADMIN_URL);
  try {
    // The bench's argon2id measures, in this process; the accounts seeded with their sample hash.
    const argon2 = await measureArgon2((pw) => createPasswords({ minLength: 8 }).hash(pw));
    const seeded = await seedAccounts(storage.db, 201, argon2.sample);
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
    const setupOf = async (step: Step): Promise<WorkerSetup> => ({
      step,
      port: await freePort(),
      url: storage.url!,
      sql,
      params: params.map((p) => (Buffer.isBuffer(p) ? { hex: p.toString('hex') } : p)),
      bodyBytes: 560,
    });
    const results: [string, string][] = [];
    for (const step of STEPS) {
      const setup = await setupOf(step);
      const job = {
        url: `http://127.0.0.1:${setup.port}/api/v1/me`,
        connections: CONNECTIONS,
        seconds: SECONDS,
        script: 'function response(status) end',
      };
      const { load, msPerRequest } = await underLoad(setup, job);
      results.push([
        step,
        `${fmt(load.okPerSecond)} /s, p99 ${fmt(load.latencyMs.p99, 2)} ms, ${fmt(msPerRequest, 3)} ms CPU a request (wrk ${fmt(load.clientCpuCores, 2)} cores, ${load.non2xx + load.errors} errors)`,
      ]);
    }
    table(
      `floor: node:http, ${os.availableParallelism()} workers, ${CONNECTIONS} connections (CPU: the machine's but wrk's)`,
      results,
    );

    const identifiers = seeded.rotated.map((a, i) => (i % 2 ? a.phone : a.email));
    const logIns = async () => {
      const setup = await setupOf('login');
      const measured = await underLoad(setup, loginJob(`http://127.0.0.1:${setup.port}`, identifiers, SECONDS));
      const { load } = measured;
      if (load.badOk > 0 || load.non2xx + load.errors > 0) {
        throw new Error(
          `the floor's log-ins failed: ${JSON.stringify(load.statusCodes)} ${load.errorSamples.join(' | ')}`,
        );
      }
      return measured;
    };
    const real = await logIns();
    // The same log-ins with the accounts' hash made cheap: what the rest costs with no argon2id beside it.
    const cheapHash = await createPasswords({ minLength: 8, cost: CHEAP_HASH_COST }).hash(PASSWORD);
    await storage.db.query('UPDATE accounts SET password_hash = $1', [cheapHash]);
    const cheap = await logIns();
    const split = (m: typeof real) =>
      `${fmt(m.split.main, 2)} / ${fmt(m.split.otherThreads, 2)} / ${fmt(m.split.postgres, 2)} ms; the main threads wait ${fmt(m.switches.waits, 1)} times, preempted ${fmt(m.switches.preempted, 2)}`;
    table(
      `a log-in at its least: node:http, ${os.availableParallelism()} workers, ${LOGIN_CONNECTIONS} connections (CPU: the machine's but wrk's)`,
      [
        ['argon2id time per hash', `${fmt(argon2.medianMs, 2)} ms`],
        ['measured parallel hashing', `${fmt(argon2.parallelPerSecond)} /s`],
        [
          'sustained hashing: rate / CPU per hash',
          `${fmt(argon2.sustained.perSecond)} /s / ${fmt(argon2.sustained.cpuMsPerHash, 2)} ms`,
        ],
        [
          'log-ins',
          `${fmt(real.load.okPerSecond)} /s, p50 ${fmt(real.load.latencyMs.p50, 2)} ms, p99 ${fmt(real.load.latencyMs.p99, 2)} ms`,
        ],
        [
          'log-ins / measured parallel hashing; / sustained hashing',
          `${fmt(real.load.okPerSecond / argon2.parallelPerSecond, 2)}; ${fmt(real.load.okPerSecond / argon2.sustained.perSecond, 2)}`,
        ],
        [
          'CPU per log-in: all / besides its hash',
          `${fmt(real.msPerRequest, 2)} / ${fmt(real.msPerRequest - argon2.sustained.cpuMsPerHash, 2)} ms (wrk ${fmt(real.load.clientCpuCores, 2)} cores)`,
        ],
        ['of which main threads / other threads / PostgreSQL', split(real)],
        [
          `the same, the hash m=${CHEAP_HASH_COST.memoryCost} KiB, t=${CHEAP_HASH_COST.timeCost}: log-ins; CPU per log-in`,
          `${fmt(cheap.load.okPerSecond)} /s; ${fmt(cheap.msPerRequest, 2)} ms (wrk ${fmt(cheap.load.clientCpuCores, 2)} cores)`,
        ],
        ['of which main threads / other threads / PostgreSQL', split(cheap)],
      ],
    );
    table("a log-in's database work at its least (look-up + session and audit row, no HTTP, no hash)", [
      await loginDatabaseFloor(storage.db),
    ]);
  } finally {
    await storage.dispose();
  }
  process.exit(0);
}

/**
 * One node:http worker per core for `setup`, the primary answering their counts; `job` for 1 s
 * to warm up, then measured. CPU a request: the whole machine's but wrk's.
 */
async function underLoad(setup: WorkerSetup, job: WrkJob) {
  cluster.setupPrimary({ execArgv: ['--import', 'tsx'] });
  const workers = Array.from({ length: os.availableParallelism() }, () =>
    cluster.fork({
      FLOOR_SETUP: JSON.stringify(setup),
      UV_THREADPOOL_SIZE: String(Math.max(4, os.availableParallelism())),
    }),
  );
  try {
    for (const worker of workers) worker.on('message', (m: { id: number }) => worker.send({ id: m.id }));
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('listening', resolve))));
    await runWrk({ ...job, seconds: 1 });
    const pids = workers.map((w) => w.process.pid!);
    const workersBefore = pids.map(processUsage);
    const pgBefore = postgresCpuSeconds();
    const before = machineTimes();
    const load = await runWrk(job);
    const busyCores = machineBusySince(before) * os.cpus().length;
    const postgres = postgresCpuSince(pgBefore);
    const workersAfter = pids.map(processUsage);
    const used = (pick: keyof ReturnType<typeof processUsage>) =>
      workersAfter.reduce((sum, after, i) => sum + after[pick] - workersBefore[i]![pick], 0);
    const msEach = (seconds: number) => (seconds * 1000) / load.ok;
    return {
      load,
      msPerRequest: ((busyCores - load.clientCpuCores) * 1000) / load.okPerSecond,
      /** CPU a request in the workers' main threads, their other threads, and PostgreSQL. */
      split: {
        main: msEach(used('main')),
        otherThreads: msEach(used('all') - used('main')),
        postgres: msEach(postgres),
      },
      /** The main threads' context switches a request: waits (idle) and preemptions. */
      switches: { waits: used('waits') / load.ok, preempted: used('preempted') / load.ok },
    };
  } finally {
    for (const worker of workers) worker.kill();
  }
}

/** The look-up and the session insert of a right password, as the log-in sends them, 4 at once. */
async function loginDatabaseFloor(db: Db): Promise<[string, string]> {
  const repo = createLoginRepository();
  const phones = Array.from({ length: 200 }, (_, i) => seededAccount(i + 1).phone);
  const logIn = async (phone: string) => {
    const found = await repo.lookup(db, parseContact(phone), `phone:${phone}`, DECOY_ID);
    if (!found.account) throw new Error(`no seeded account ${phone}`);
    await startSession(db, repo, newToken(), found.account.id, 'floor');
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
