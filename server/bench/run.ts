/**
 * Benchmark of log-in, of an authenticated read and of a signed open API read, against the real
 * app on a throw-away database, optionally beside the better-auth peer (docs/benchmark.md).
 *
 *   npm run bench                 PostgreSQL, one server worker per core (node:cluster, like npm start)
 *   npm run bench -- --pglite     embedded PGlite in a temp folder, the server in this process
 *   npm run bench -- --redis      limiters in Redis (REDIS_URL or the local one) instead of the primary
 *   npm run bench -- --peer       then the better-auth peer (about 4 min), with the ratios
 *
 * The load generator is wrk (a C program, its CPU measured beside the server's and PostgreSQL's).
 * Results: tables on stdout, bench-results/bench-<timestamp>.json and .svg at the repository root.
 * Exits 1 when more than 1% of the requests of a phase fail, so a broken run cannot pass for numbers.
 */
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { defaultPoolSize } from '../src/config.js';
import { createPasswords } from '../src/platform/passwords.js';
import { createVault } from '../src/platform/vault.js';
import { CHEAP_HASH_COST, parseArgs } from './args.js';
import {
  ELD_RESOLUTION_MS,
  SUSTAINED_SECONDS,
  HASH_SAMPLES,
  cpuMsAllProcesses,
  loginCpuBesidesHash,
  machineBusySince,
  machineTimes,
  measureArgon2,
  type Phase,
} from './measure.js';
import { runPeer, type PeerResult } from './peer.js';
import { checkPhases, loginPhase, mePhase, openApiPhase, WARMUP_SECONDS, type LoginResult } from './phases.js';
import { argon2Rows, barChart, fmt, pct, phaseRows, table, writeResult, type Bar } from './report.js';
import { connectRedis, startInProcess, startWorkers, type BenchServer } from './server.js';
import {
  createOpenApiKey,
  DEFAULT_ADMIN_URL,
  freshPglite,
  freshPostgres,
  PASSWORD,
  queryPlans,
  seedAccounts,
  type BenchDatabase,
} from './storage.js';
import { ensureWrk, stopLoads } from './wrk.js';

/** Above this share of CPU already busy before the start, the report warns that it is unreliable. */
const BACKGROUND_BUSY_WARNING = 0.1;
/** Above this 1-minute load average per core, the report warns too (other work queued for the cores). */
const LOAD_AVERAGE_WARNING = 0.5;

/** The issue's targets (issue 12), checked on every run. */
const TARGETS = {
  loginOverParallelHashing: 0.9,
  loginEventLoopP99Ms: 10,
  meOverPeerGetSession: 10,
  meP99Ms: 10,
  meCpuMsPerRequest: 0.15,
  openApiPerSecond: 2000,
};

/** How busy the machine is before the bench starts (other work skews every number): 0–1 over a second. */
async function backgroundBusy(): Promise<number> {
  const start = machineTimes();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return machineBusySince(start);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      stopLoads();
      for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error('cleanup:', error));
      cleanups.length = 0;
    })());
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    const cores = os.availableParallelism();
    console.log(`devplat bench — ${cores} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    ensureWrk();
    const busyBefore = await backgroundBusy();
    const loadAverage = os.loadavg()[0]!;
    const warnings: string[] = [];
    if (busyBefore > BACKGROUND_BUSY_WARNING) {
      warnings.push(
        `the machine was already ${pct(busyBefore)} busy before the bench started: other processes compete for the cores and the numbers are low and noisy`,
      );
    }
    if (loadAverage > LOAD_AVERAGE_WARNING * cores) {
      warnings.push(
        `the 1-minute load average was ${fmt(loadAverage, 2)} on ${cores} cores at the start: other work is queued for the cores`,
      );
    }
    console.log(
      `machine busy before start: ${pct(busyBefore)} (load average ${os
        .loadavg()
        .map((l) => fmt(l, 2))
        .join(' ')})`,
    );

    // (a) argon2id, alone on the machine
    const passwords = createPasswords({ minLength: 8 });
    process.stdout.write(
      `argon2id: ${HASH_SAMPLES} hashes one by one, then 2 × ${cores * 8} at once, then ${cores} at once for ${SUSTAINED_SECONDS} s… `,
    );
    const argon2 = await measureArgon2((pw) => passwords.hash(pw));
    console.log('done');

    // Storage and seed
    const adminUrl = process.env.BENCH_DATABASE_URL || DEFAULT_ADMIN_URL;
    const storage: BenchDatabase = options.pglite ? await freshPglite() : await freshPostgres(adminUrl);
    cleanups.push(() => storage.dispose());
    process.stdout.write(
      `seeding ${fmt(options.accounts + 1, 0)} accounts (5 audit rows and 1 session each, SQL, ONE shared argon2id hash)… `,
    );
    // --cheap-hash: the same seed under a hash whose verify costs next to nothing (args.ts).
    let seedHash = argon2.sample;
    if (options.cheapHash) {
      seedHash = await createPasswords({ minLength: 8, cost: CHEAP_HASH_COST }).hash(PASSWORD);
      warnings.push(
        `--cheap-hash: the accounts share an argon2id hash of m=${CHEAP_HASH_COST.memoryCost} KiB, t=${CHEAP_HASH_COST.timeCost}; the log-in figures tell what a log-in costs besides its hash, and are no result`,
      );
    }
    const seeded = await seedAccounts(storage.db, options.accounts + 1, seedHash);
    const seed = seeded.report;
    console.log(
      `${Object.entries(seed.seconds)
        .map(([k, s]) => `${k} ${fmt(s)} s`)
        .join(', ')}; database ${fmt(seed.databaseBytes / 2 ** 20, 0)} MiB`,
    );

    let redis: Redis | null = null;
    let limiter = options.workers > 1 ? "the workers' primary (this process, over IPC)" : 'memory (this process)';
    const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
    if (options.redis) {
      redis = await connectRedis(redisUrl);
      if (redis) {
        const r = redis;
        cleanups.push(() => r.quit());
        limiter = 'Redis';
      } else {
        limiter += ' (Redis asked for but unreachable)';
        warnings.push('--redis given but Redis is unreachable; limiters stay off Redis');
      }
    }

    let server: BenchServer | null = options.pglite
      ? await startInProcess(storage.db, redis)
      : await startWorkers(storage.url!, redis ? redisUrl : null, options.workers);
    const closeServer = async () => {
      const s = server;
      server = null;
      await s?.close();
    };
    cleanups.push(closeServer);
    console.log(`server: ${server.base}, ${server.label}; limiter: ${limiter}; load generator: wrk (1 thread)`);
    const inProcess = options.pglite;

    // (b) log-ins, (c) GET /api/v1/me, (d) the signed open API read
    const vault = createVault(new Map([[server.dataKey.id, server.dataKey.key]]), server.dataKey.id);
    const key = await createOpenApiKey(storage.db, seeded.me.email, vault);
    const identifiers = seeded.rotated.map((a, i) => (i % 2 ? a.phone : a.email));
    const failures: string[] = [];
    let login: LoginResult | null = null;
    let me: { phase: Phase; expectedBytes: number } | null = null;
    let openApi: { phase: Phase; expectedBytes: number } | null = null;
    try {
      login = await loginPhase(server, storage.db, identifiers, options.seconds, inProcess);
    } catch (error) {
      failures.push(`log-in: not measured — ${message(error)}`);
    }
    try {
      me = await mePhase(server, seeded.me.email, options.seconds, inProcess);
    } catch (error) {
      failures.push(`GET /me: not measured — ${message(error)}`);
    }
    try {
      openApi = await openApiPhase(server, key, options.seconds, inProcess);
    } catch (error) {
      failures.push(`GET /open/v1/devices: not measured — ${message(error)}`);
    }
    const phases: [string, Phase, number?][] = [];
    if (login) phases.push(['log-in', login.phase]);
    if (me) phases.push(['GET /me', me.phase, me.expectedBytes]);
    if (openApi) phases.push(['GET /open/v1/devices', openApi.phase, openApi.expectedBytes]);
    const checked = checkPhases(phases, login);
    failures.push(...checked.failures);
    warnings.push(...checked.warnings);

    const plans =
      storage.db.kind === 'postgres'
        ? await queryPlans(storage.db, {
            meEmail: seeded.me.email,
            loginPhone: seeded.rotated[0]!.phone,
            appId: key.appId,
            keyId: key.keyId,
          })
        : {};
    await closeServer();

    // (e) the peer, on its own (our server is stopped): the same machine, the same invocation
    let peer: PeerResult | null = null;
    let peerSeconds = 0;
    if (options.peer) {
      try {
        const ran = await runPeer();
        peer = ran.results;
        peerSeconds = ran.seconds;
      } catch (error) {
        failures.push(`peer: not measured — ${message(error)}`);
      }
    }

    // Report
    table('argon2id (m=19456 KiB, t=2, p=1, @node-rs/argon2)', argon2Rows(argon2));
    const loginRate = login?.phase.load.okPerSecond ?? 0;
    const ratio = loginRate / argon2.boundPerSecond;
    const parallelRatio = loginRate / argon2.parallelPerSecond;
    if (login) {
      table(`POST /api/v1/sessions — 16 connections, ${login.accountsRotated} accounts rotated`, [
        ['achieved / hash-bound limit', `${fmt(ratio, 2)}`],
        ['achieved / measured parallel hashing', fmt(parallelRatio, 2)],
        ['achieved / sustained hashing (steadier; not the target)', fmt(loginRate / argon2.sustained.perSecond, 2)],
        ...phaseRows(login.phase),
        options.cheapHash
          ? ['CPU per log-in, all processes (its hash ~0.1 ms)', `${fmt(cpuMsAllProcesses(login.phase), 2)} ms`]
          : [
              'CPU per log-in besides its hash (all processes)',
              `${fmt(loginCpuBesidesHash(login.phase, argon2), 2)} ms  (0.90 of parallel hashing leaves ${fmt(
                (argon2.sustained.cpuMsPerHash * (1 - TARGETS.loginOverParallelHashing)) /
                  TARGETS.loginOverParallelHashing,
                2,
              )})`,
            ],
        [
          'new sessions in the database',
          `${login.sessionsCreated} (≥ ${login.warmupOk + login.phase.load.ok} log-ins)`,
        ],
      ]);
    }
    if (me) table('GET /api/v1/me — 50 connections, one session cookie', phaseRows(me.phase));
    if (openApi)
      table('GET /open/v1/devices — signed, a fresh nonce per request, 50 connections', phaseRows(openApi.phase));
    table(`seed (${fmt(seed.accounts, 0)} accounts)`, [
      ...Object.entries(seed.seconds).map(([k, s]): [string, string] => [`${k}`, `${fmt(s)} s`]),
      [
        'rows',
        `${fmt(seed.accounts, 0)} accounts, ${fmt(seed.sessions, 0)} sessions, ${fmt(seed.auditRows, 0)} audit rows`,
      ],
      ['database size', `${fmt(seed.databaseBytes / 2 ** 20, 0)} MiB`],
    ]);
    for (const [name, plan] of Object.entries(plans)) console.log(`\nplan — ${name}\n${plan.replace(/^/gm, '  ')}`);

    const peerGetSession = peer?.getSession.reqPerSec ?? null;
    const peerSignIn = peer?.signIn.reqPerSec ?? null;
    const meRate = me?.phase.load.okPerSecond ?? 0;
    const ratios = {
      loginOverPeerSignIn: peerSignIn ? loginRate / peerSignIn : null,
      meOverPeerGetSession: peerGetSession ? meRate / peerGetSession : null,
      cpuPerMeOverPeer:
        peer?.getSession.serverPlusPgCpuMsPerReq && me
          ? me.phase.cpuMsPerRequest.serverAndPostgres / peer.getSession.serverPlusPgCpuMsPerReq
          : null,
    };
    if (peer) {
      table('better-auth peer (its own run.sh, same machine, same invocation)', [
        [
          'hash (scrypt) median / 2 in flight',
          `${fmt(peer.hash.medianMs)} ms / ${fmt(peer.hash.hashesPerSec2InFlight)} /s`,
        ],
        [
          'sign-in',
          `${fmt(peer.signIn.reqPerSec)} /s, p50 ${peer.signIn.latencyMs.p50} ms, p99 ${peer.signIn.latencyMs.p99} ms`,
        ],
        [
          'get-session',
          `${fmt(peer.getSession.reqPerSec)} /s, p99 ${peer.getSession.latencyMs.p99} ms, CPU ${peer.getSession.serverPlusPgCpuMsPerReq ?? '?'} ms/req`,
        ],
        ['our log-ins / its sign-ins', ratios.loginOverPeerSignIn === null ? '—' : fmt(ratios.loginOverPeerSignIn, 2)],
        [
          'our GET /me / its get-session',
          ratios.meOverPeerGetSession === null ? '—' : fmt(ratios.meOverPeerGetSession, 2),
        ],
        [
          'our CPU per /me / its per get-session',
          ratios.cpuPerMeOverPeer === null ? '—' : fmt(ratios.cpuPerMeOverPeer, 2),
        ],
      ]);
    }
    const check = (value: number | null, ok: (v: number) => boolean, text: (v: number) => string): string =>
      value === null ? '— (not measured)' : `${ok(value) ? 'met ' : 'NOT met'}  ${text(value)}`;
    table('targets (issue 12)', [
      [
        'log-ins ≥ 0.90 × parallel hashing',
        check(
          login && !options.cheapHash ? parallelRatio : null,
          (v) => v >= TARGETS.loginOverParallelHashing,
          (v) => fmt(v, 2),
        ),
      ],
      [
        'event-loop p99 < 10 ms during log-ins',
        check(
          login?.phase.server.eventLoopDelayP99Ms ?? null,
          (v) => v < TARGETS.loginEventLoopP99Ms,
          (v) => `${fmt(v)} ms`,
        ),
      ],
      [
        'GET /me ≥ 10 × peer get-session',
        check(
          ratios.meOverPeerGetSession,
          (v) => v >= TARGETS.meOverPeerGetSession,
          (v) => `${fmt(v, 2)}×`,
        ),
      ],
      [
        'GET /me p99 < 10 ms',
        check(
          me?.phase.load.latencyMs.p99 ?? null,
          (v) => v < TARGETS.meP99Ms,
          (v) => `${fmt(v, 2)} ms`,
        ),
      ],
      [
        'CPU per /me (server + PostgreSQL) ≤ 0.15 ms',
        check(
          me?.phase.cpuMsPerRequest.serverAndPostgres ?? null,
          (v) => v <= TARGETS.meCpuMsPerRequest,
          (v) => `${fmt(v, 3)} ms`,
        ),
      ],
      [
        'signed open API read ≥ 2,000 /s',
        check(
          openApi?.phase.load.okPerSecond ?? null,
          (v) => v >= TARGETS.openApiPerSecond,
          (v) => `${fmt(v, 0)} /s`,
        ),
      ],
    ]);

    const bars: Bar[] = [
      {
        label: 'argon2id parallel hashing /s',
        value: argon2.parallelPerSecond,
        note: fmt(argon2.parallelPerSecond, 0),
      },
      {
        label: 'log-ins /s',
        value: loginRate,
        note: `${fmt(loginRate, 0)} (${fmt(parallelRatio, 2)} × hashing)`,
        mark: { value: argon2.parallelPerSecond * TARGETS.loginOverParallelHashing, label: '0.9 × hashing' },
      },
      ...(peerSignIn ? [{ label: 'better-auth sign-in /s', value: peerSignIn, note: fmt(peerSignIn, 0) }] : []),
      {
        label: 'GET /me /s',
        value: meRate,
        note: `${fmt(meRate, 0)}, p99 ${fmt(me?.phase.load.latencyMs.p99 ?? 0, 1)} ms`,
        ...(peerGetSession ? { mark: { value: peerGetSession * 10, label: '10 × better-auth' } } : {}),
      },
      ...(peerGetSession
        ? [{ label: 'better-auth get-session /s', value: peerGetSession, note: fmt(peerGetSession, 0) }]
        : []),
      {
        label: 'signed open API /s',
        value: openApi?.phase.load.okPerSecond ?? 0,
        note: fmt(openApi?.phase.load.okPerSecond ?? 0, 0),
        mark: { value: TARGETS.openApiPerSecond, label: 'target 2,000' },
      },
    ];
    const svg = barChart(
      `devplat bench ${startedAt.toISOString().slice(0, 16)} — ${storage.label.split(' (')[0]}, ${options.workers} worker(s), ${fmt(seed.accounts, 0)} accounts${warnings.length ? ' — WITH CONTENTION WARNINGS' : ''}`,
      bars,
    );
    const file = await writeResult(
      startedAt,
      {
        ok: failures.length === 0,
        failures,
        warnings,
        backgroundBusyBeforeStart: busyBefore,
        loadAverageAtStart: os.loadavg(),
        startedAt: startedAt.toISOString(),
        options,
        machine: {
          cores,
          cpu: os.cpus()[0]?.model ?? null,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
          platform: `${os.platform()} ${os.release()}`,
        },
        storage: options.pglite ? 'pglite' : 'postgres',
        storageDetail: options.pglite
          ? storage.label
          : `${storage.label}, pool of ${process.env.DB_POOL_SIZE ?? defaultPoolSize(options.workers)} per worker`,
        workers: options.workers,
        limiter,
        loadGenerator: 'wrk, 1 thread',
        seed: { ...seed, accountsShareOneHash: true },
        argon2: { ...argon2, sample: undefined },
        login: login
          ? {
              ...login.phase,
              achievedOverBound: ratio,
              achievedOverParallelHashing: parallelRatio,
              cpuMsBesidesHash: loginCpuBesidesHash(login.phase, argon2),
              sessionsCreated: login.sessionsCreated,
              warmupSeconds: WARMUP_SECONDS,
            }
          : null,
        me: me ? { ...me.phase, expectedBytes: me.expectedBytes, warmupSeconds: WARMUP_SECONDS } : null,
        openApi: openApi
          ? { ...openApi.phase, expectedBytes: openApi.expectedBytes, warmupSeconds: WARMUP_SECONDS }
          : null,
        plans,
        peer: peer ? { seconds: peerSeconds, results: peer, ratios } : null,
        targets: TARGETS,
        eventLoopDelayNote: `sampled every ${ELD_RESOLUTION_MS} ms by monitorEventLoopDelay; the interval itself is subtracted`,
      },
      svg,
    );
    console.log(
      `\nresults: ${path.relative(process.cwd(), file)} and .svg  (${fmt((Date.now() - startedAt.getTime()) / 1000)} s in all)`,
    );

    if (warnings.length > 0)
      console.warn(`\nCONTENTION / WARNING — re-run on a quiet machine:\n  - ${warnings.join('\n  - ')}`);
    if (failures.length > 0) {
      console.error(`\nBENCH FAILED — these numbers are not valid:\n  - ${failures.join('\n  - ')}`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main()
  .catch((error: unknown) => {
    console.error('\nBENCH FAILED:', message(error));
    process.exitCode = 1;
  })
  .finally(() => setTimeout(() => process.exit(), 500).unref());
