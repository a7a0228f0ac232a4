/**
 * Benchmark of log-in and of an authenticated read, against the real app on a throw-away database.
 *
 *   npm run bench                 PostgreSQL (BENCH_DATABASE_URL or the local test server as admin URL)
 *   npm run bench -- --pglite     embedded PGlite in a temp folder
 *   npm run bench -- --redis      limiters in Redis (REDIS_URL or the local one) instead of memory
 *
 * The server runs in this process; the load generator (autocannon) runs in a child process so
 * its work does not sit on the server's event loop. Results: a table on stdout and
 * bench-results/bench-<timestamp>.json at the repository root. Exits 1 when more than 1% of the
 * requests of a phase fail, so a broken run cannot pass for numbers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig, repoRoot } from '../src/config.js';
import { createPasswords } from '../src/platform/passwords.js';
import type { ChildMessage, LoadJob, LoadSummary } from './protocol.js';
import { DEFAULT_ADMIN_URL, freshPglite, freshPostgres, seedAccounts, type BenchDatabase } from './storage.js';

const USAGE = 'usage: npm run bench [-- --pglite] [--redis] [--seconds=10] [--accounts=200]';

const PASSWORD = 'bench-Correct-Horse-4217';
const HASH_SAMPLES = 20;
const LOGIN_CONNECTIONS = 16;
const ME_CONNECTIONS = 50;
const WARMUP_SECONDS = 1;
const MAX_ERROR_RATIO = 0.01;
/** Above this share of CPU already busy before the start, the report warns that it is unreliable. */
const BACKGROUND_BUSY_WARNING = 0.1;
/** Above this many cores used by unrelated processes during a phase, the report warns likewise. */
const OTHER_CPU_WARNING = 0.2;
/** Event-loop delay sampling interval; each sample is the interval actually taken, minus this. */
const ELD_RESOLUTION_MS = 10;

interface Options {
  pglite: boolean;
  redis: boolean;
  seconds: number;
  accounts: number;
}

/**
 * The root script (`npm run bench -w server`) does not forward arguments: `npm run bench -- --pglite`
 * from the root reaches the inner npm, which keeps unknown flags as `npm_config_<flag>` in the
 * environment. Those are read back here, so the flags work from the root as well as from server/.
 */
function npmForwardedArgs(env: NodeJS.ProcessEnv): string[] {
  const args: string[] = [];
  if (env.npm_config_pglite === 'true') args.push('--pglite');
  if (env.npm_config_redis === 'true') args.push('--redis');
  if (env.npm_config_seconds) args.push(`--seconds=${env.npm_config_seconds}`);
  if (env.npm_config_accounts) args.push(`--accounts=${env.npm_config_accounts}`);
  return args;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { pglite: false, redis: false, seconds: 10, accounts: 200 };
  for (const arg of [...npmForwardedArgs(process.env), ...argv]) {
    const [flag, value] = arg.split('=', 2);
    const count = (min: number, max: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number ${min}–${max}`);
      return n;
    };
    if (flag === '--pglite' && value === undefined) options.pglite = true;
    else if (flag === '--redis' && value === undefined) options.redis = true;
    else if (flag === '--seconds') options.seconds = count(1, 600);
    else if (flag === '--accounts') options.accounts = count(1, 100000);
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Measures

interface HashMeasure {
  samples: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  cores: number;
  /** cores / median: log-ins per second if argon2 were the only work and used every core. */
  boundPerSecond: number;
  /** Hashes per second actually achieved with 8 hashes per core started at once. */
  parallelPerSecond: number;
}

async function measureArgon2(hash: (pw: string) => Promise<string>): Promise<HashMeasure & { sample: string }> {
  const sample = await hash(PASSWORD); // also warms the native module up
  const times: number[] = [];
  for (let i = 0; i < HASH_SAMPLES; i++) {
    const t0 = performance.now();
    await hash(PASSWORD);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  const cores = os.availableParallelism();
  // Two bursts of 8 hashes per core, the faster one kept: what argon2 alone gets from every core.
  const burst = cores * 8;
  let parallelPerSecond = 0;
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: burst }, () => hash(PASSWORD)));
    parallelPerSecond = Math.max(parallelPerSecond, burst / ((performance.now() - t0) / 1000));
  }
  return {
    sample,
    samples: HASH_SAMPLES,
    medianMs,
    minMs: times[0]!,
    maxMs: times[times.length - 1]!,
    cores,
    boundPerSecond: cores / (medianMs / 1000),
    parallelPerSecond,
  };
}

interface ServerSide {
  /** p99 / max of event-loop delay in the server process, ms (sampling interval removed). */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayMeanMs: number;
  /** Share of wall time the server's event loop was busy (0–1). */
  eventLoopUtilization: number;
  /** CPU used by the server process (event loop + argon2's thread pool + in-process PGlite), in cores. */
  serverCpuCores: number;
  /** Share of the whole machine's CPU that was busy (server + load generator + PostgreSQL + the rest). */
  machineBusy: number;
  /** CPU of the `postgres` processes on this host (all of them: other users' queries too), in cores. */
  postgresCpuCores: number;
  /** Busy cores used by none of the above: other processes competing with the bench. */
  otherCpuCores: number;
}

interface Phase {
  load: LoadSummary;
  server: ServerSide;
  errorRatio: number;
}

function machineTimes() {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** CPU seconds used so far by the `postgres` processes of this host (Linux /proc; 0 elsewhere). */
function postgresCpuSeconds(): number {
  const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

const loadScript = path.join(import.meta.dirname, 'load.ts');
const children = new Set<ChildProcess>();

/** Runs one job in a fresh child process; `onGo` fires right before the load starts. */
function runLoad(job: LoadJob, onGo: () => void = () => undefined): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(loadScript, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        onGo();
        child.send(job);
      } else if (message.type === 'result') settle(() => resolve(message.summary));
      else settle(() => reject(new Error(`load generator failed: ${message.error}`)));
    });
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code, signal) => {
      children.delete(child);
      settle(() => reject(new Error(`load generator exited (${signal ?? code}) without a result`)));
    });
  });
}

/** A measured phase: the load in the child, the event loop and CPU of this process meanwhile. */
async function measuredPhase(job: LoadJob): Promise<Phase> {
  const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let machine = machineTimes();
  let postgres = 0;
  let t0 = performance.now();
  const load = await runLoad(job, () => {
    postgres = postgresCpuSeconds(); // a few ms of /proc reading: before the delay monitor starts
    eld.enable();
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    machine = machineTimes();
    t0 = performance.now();
  });
  eld.disable();
  const wallMs = performance.now() - t0;
  const cpuUsed = process.cpuUsage(cpu);
  const machineNow = machineTimes();
  const postgresCpuCores = (postgresCpuSeconds() - postgres) / (wallMs / 1000);
  const delay = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  const failed = load.non2xx + load.errors;
  const machineBusy = (machineNow.busy - machine.busy) / Math.max(1, machineNow.total - machine.total);
  const serverCpuCores = (cpuUsed.user + cpuUsed.system) / 1000 / wallMs;
  return {
    load,
    server: {
      eventLoopDelayP99Ms: delay(eld.percentile(99)),
      eventLoopDelayMaxMs: delay(eld.max),
      eventLoopDelayMeanMs: delay(eld.mean),
      eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
      serverCpuCores,
      machineBusy,
      postgresCpuCores,
      otherCpuCores: Math.max(
        0,
        machineBusy * os.cpus().length - serverCpuCores - load.clientCpuCores - postgresCpuCores,
      ),
    },
    errorRatio: failed / Math.max(1, load.responses + load.errors),
  };
}

// ---------------------------------------------------------------------------------------------
// Set-up

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

async function connectRedis(url: string): Promise<Redis | null> {
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

async function logIn(base: string, identifier: string): Promise<string> {
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

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number) => `${fmt(n * 100, 2)} %`;

function table(title: string, rows: [string, string][]) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

function phaseRows(phase: Phase): [string, string][] {
  const { load, server } = phase;
  const codes = Object.entries(load.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
  return [
    [
      'latency p50 / p90 / p99 / max',
      `${load.latencyMs.p50} / ${load.latencyMs.p90} / ${load.latencyMs.p99} / ${load.latencyMs.max} ms`,
    ],
    ['responses (status codes)', `${load.responses} (${codes || 'none'})`],
    [
      'errors: non-2xx / socket / timeouts',
      `${load.non2xx} / ${load.errors - load.timeouts} / ${load.timeouts} → ${pct(phase.errorRatio)}`,
    ],
    [
      'event-loop delay p99 / max / mean',
      `${fmt(server.eventLoopDelayP99Ms)} / ${fmt(server.eventLoopDelayMaxMs)} / ${fmt(server.eventLoopDelayMeanMs)} ms`,
    ],
    ['event-loop utilization', pct(server.eventLoopUtilization)],
    [
      'CPU: server / load gen. / postgres / other',
      [server.serverCpuCores, load.clientCpuCores, server.postgresCpuCores, server.otherCpuCores]
        .map((n) => fmt(n, 2))
        .join(' / ') + ` cores (machine ${pct(server.machineBusy)} busy)`,
    ],
  ];
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const child of children) child.kill();
      for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error('cleanup:', error));
    })());
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    console.log(
      `devplat bench — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`,
    );

    // Other work on the machine (tests, builds) skews every number below: measure it, say it.
    const idleStart = machineTimes();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleEnd = machineTimes();
    const backgroundBusy = (idleEnd.busy - idleStart.busy) / Math.max(1, idleEnd.total - idleStart.total);
    const warnings: string[] = [];
    if (backgroundBusy > BACKGROUND_BUSY_WARNING) {
      warnings.push(
        `the machine was already ${pct(backgroundBusy)} busy before the bench started: other processes compete for the cores and the numbers are low and noisy`,
      );
    }
    console.log(
      `machine busy before start: ${pct(backgroundBusy)} (load average ${os
        .loadavg()
        .map((l) => fmt(l, 2))
        .join(' ')})`,
    );

    // (a) argon2id
    const passwords = createPasswords({ minLength: 8 });
    process.stdout.write(
      `argon2id: ${HASH_SAMPLES} hashes one by one, then 2 × ${os.availableParallelism() * 8} at once… `,
    );
    const argon2 = await measureArgon2((pw) => passwords.hash(pw));
    console.log('done');

    // Storage, seed, limiter, server
    const adminUrl = process.env.BENCH_DATABASE_URL || DEFAULT_ADMIN_URL;
    const storage: BenchDatabase = options.pglite ? await freshPglite() : await freshPostgres(adminUrl);
    cleanups.push(() => storage.dispose());
    // One more account than rotated over: the /me phase's own, which the log-in phase never touches.
    const seeded = await seedAccounts(storage.db, options.accounts + 1, argon2.sample);
    const meAccount = seeded.pop()!;
    console.log(
      `storage: ${storage.label}; seeded ${seeded.length} + 1 accounts sharing ONE argon2id hash (hashed once to save time)`,
    );

    let redis: Redis | null = null;
    let limiter = 'memory (this process)';
    if (options.redis) {
      const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
      redis = await connectRedis(redisUrl);
      if (redis) {
        const r = redis;
        cleanups.push(() => r.quit());
        limiter = 'Redis';
      } else {
        limiter = 'memory (Redis asked for but unreachable)';
        console.warn(`WARNING: --redis given but Redis is unreachable; limiters stay in memory`);
      }
    }

    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'devplat-bench-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
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
    });
    const { app } = await buildApp({
      config,
      db: storage.db,
      redis,
      limiterPrefix: `bench-${randomBytes(4).toString('hex')}`,
    });
    await app.listen({ port, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    console.log(
      `server: ${base} (in this process); limiter: ${limiter}; load generator: autocannon in a child process`,
    );

    // (b) log-ins
    const identifiers = seeded.map((a, i) => (i % 2 ? a.phone : a.email));
    const loginJob = (seconds: number): LoadJob => ({
      kind: 'login',
      url: base,
      connections: LOGIN_CONNECTIONS,
      seconds,
      identifiers,
      password: PASSWORD,
    });
    console.log(`log-in: ${WARMUP_SECONDS} s warm-up, then ${options.seconds} s at ${LOGIN_CONNECTIONS} connections…`);
    const warmLogin = await runLoad(loginJob(WARMUP_SECONDS));
    const login = await measuredPhase(loginJob(options.seconds));
    const sessionsRow = await storage.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
    const sessionsCreated = sessionsRow.rows[0]?.n ?? 0;

    // (c) GET /api/v1/me
    const failures: string[] = [];
    let me: Phase | null = null;
    try {
      const cookie = await logIn(base, meAccount.email);
      const meJob = (seconds: number): LoadJob => ({
        kind: 'me',
        url: base,
        connections: ME_CONNECTIONS,
        seconds,
        cookie,
      });
      console.log(`GET /me: ${WARMUP_SECONDS} s warm-up, then ${options.seconds} s at ${ME_CONNECTIONS} connections…`);
      await runLoad(meJob(WARMUP_SECONDS));
      me = await measuredPhase(meJob(options.seconds));
    } catch (error) {
      failures.push(`GET /me: not measured — ${error instanceof Error ? error.message : String(error)}`);
    }

    // Checks: a broken server must not produce a good-looking report.
    const phases: [string, Phase][] = me
      ? [
          ['log-in', login],
          ['GET /me', me],
        ]
      : [['log-in', login]];
    for (const [name, phase] of phases) {
      if (phase.load.ok === 0) failures.push(`${name}: no successful response at all`);
      if (phase.errorRatio > MAX_ERROR_RATIO) {
        failures.push(
          `${name}: ${pct(phase.errorRatio)} of requests failed (limit ${pct(MAX_ERROR_RATIO)}): ${phase.load.errorSamples.join(' | ') || 'socket errors/timeouts'}`,
        );
      }
      if (phase.load.badOk > 0)
        failures.push(`${name}: ${phase.load.badOk} 2xx responses without the expected content`);
    }
    for (const [name, phase] of phases) {
      if (phase.server.otherCpuCores > OTHER_CPU_WARNING) {
        warnings.push(
          `other processes used ${fmt(phase.server.otherCpuCores, 2)} cores during the ${name} phase: its numbers are low and noisy`,
        );
      }
    }
    const loginsOk = warmLogin.ok + login.load.ok;
    if (sessionsCreated < loginsOk) {
      failures.push(`log-in: ${loginsOk} successful log-ins but only ${sessionsCreated} sessions in the database`);
    }

    const ratio = login.load.okPerSecond / argon2.boundPerSecond;
    const parallelRatio = login.load.okPerSecond / argon2.parallelPerSecond;
    table('argon2id (m=19456 KiB, t=2, p=1, @node-rs/argon2)', [
      [
        'time per hash: median (min–max)',
        `${fmt(argon2.medianMs)} ms (${fmt(argon2.minMs)}–${fmt(argon2.maxMs)}) over ${argon2.samples}`,
      ],
      ['hash-bound log-in limit', `${fmt(argon2.boundPerSecond)} /s  (= ${argon2.cores} cores / median)`],
      [
        'measured parallel hashing',
        `${fmt(argon2.parallelPerSecond)} /s  (best of 2 bursts of ${argon2.cores * 8} hashes at once)`,
      ],
    ]);
    table(
      `POST /api/v1/sessions — ${LOGIN_CONNECTIONS} connections, ${fmt(login.load.seconds, 0)} s, ${identifiers.length} accounts rotated`,
      [
        ['successful log-ins', `${fmt(login.load.okPerSecond)} /s`],
        ['achieved / hash-bound limit', `${fmt(ratio, 2)}  (${pct(ratio)})`],
        ['achieved / measured parallel hashing', fmt(parallelRatio, 2)],
        ...phaseRows(login),
        ['sessions in the database', `${sessionsCreated} (≥ ${loginsOk} successful log-ins incl. warm-up)`],
      ],
    );
    if (me) {
      table(`GET /api/v1/me — ${ME_CONNECTIONS} connections, ${fmt(me.load.seconds, 0)} s, one session cookie`, [
        ['requests', `${fmt(me.load.okPerSecond)} /s`],
        ...phaseRows(me),
      ]);
    }

    const result = {
      ok: failures.length === 0,
      failures,
      warnings,
      backgroundBusyBeforeStart: backgroundBusy,
      startedAt: startedAt.toISOString(),
      machine: {
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? null,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      storage: options.pglite ? 'pglite' : 'postgres',
      storageDetail: storage.label,
      limiter,
      accounts: seeded.length,
      accountsShareOneHash: true,
      argon2: {
        samples: argon2.samples,
        medianMs: argon2.medianMs,
        minMs: argon2.minMs,
        maxMs: argon2.maxMs,
        cores: argon2.cores,
        boundPerSecond: argon2.boundPerSecond,
        parallelPerSecond: argon2.parallelPerSecond,
      },
      login: {
        ...login,
        achievedOverBound: ratio,
        achievedOverParallelHashing: parallelRatio,
        sessionsCreated,
        warmupSeconds: WARMUP_SECONDS,
      },
      me: me ? { ...me, warmupSeconds: WARMUP_SECONDS } : null,
      eventLoopDelayNote: `sampled every ${ELD_RESOLUTION_MS} ms by monitorEventLoopDelay; the interval itself is subtracted`,
    };
    const dir = path.join(repoRoot, 'bench-results');
    await mkdir(dir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `bench-${stamp}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `\nresults: ${path.relative(process.cwd(), file)}  (${fmt((Date.now() - startedAt.getTime()) / 1000)} s in all)`,
    );

    if (warnings.length > 0) console.warn(`\nWARNING:\n  - ${warnings.join('\n  - ')}`);
    if (failures.length > 0) {
      console.error(`\nBENCH FAILED — these numbers are not valid:\n  - ${failures.join('\n  - ')}`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error('\nBENCH FAILED:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
