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
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { createPasswords } from '../src/platform/passwords.js';
import { parseArgs } from './args.js';
import { ELD_RESOLUTION_MS, HASH_SAMPLES, machineTimes, measureArgon2, stopLoads, type Phase } from './measure.js';
import { checkPhases, loginPhase, mePhase, WARMUP_SECONDS } from './phases.js';
import { fmt, pct, printTables, writeResult } from './report.js';
import { connectRedis, startBenchServer } from './server.js';
import { DEFAULT_ADMIN_URL, freshPglite, freshPostgres, seedAccounts, type BenchDatabase } from './storage.js';

/** Above this share of CPU already busy before the start, the report warns that it is unreliable. */
const BACKGROUND_BUSY_WARNING = 0.1;

/** How busy the machine is before the bench starts (other work skews every number): 0–1 over a second. */
async function backgroundBusy(): Promise<number> {
  const start = machineTimes();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const end = machineTimes();
  return (end.busy - start.busy) / Math.max(1, end.total - start.total);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      stopLoads();
      for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error('cleanup:', error));
    })());
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    console.log(
      `devplat bench — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`,
    );
    const busyBefore = await backgroundBusy();
    const warnings: string[] = [];
    if (busyBefore > BACKGROUND_BUSY_WARNING) {
      warnings.push(
        `the machine was already ${pct(busyBefore)} busy before the bench started: other processes compete for the cores and the numbers are low and noisy`,
      );
    }
    console.log(
      `machine busy before start: ${pct(busyBefore)} (load average ${os
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
      redis = await connectRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
      if (redis) {
        const r = redis;
        cleanups.push(() => r.quit());
        limiter = 'Redis';
      } else {
        limiter = 'memory (Redis asked for but unreachable)';
        console.warn(`WARNING: --redis given but Redis is unreachable; limiters stay in memory`);
      }
    }

    const server = await startBenchServer(storage.db, redis);
    cleanups.push(() => server.close());
    console.log(
      `server: ${server.base} (in this process); limiter: ${limiter}; load generator: autocannon in a child process`,
    );

    // (b) log-ins, (c) GET /api/v1/me
    const identifiers = seeded.map((a, i) => (i % 2 ? a.phone : a.email));
    const login = await loginPhase(server.base, storage.db, identifiers, options.seconds);
    const failures: string[] = [];
    let me: Phase | null = null;
    try {
      me = await mePhase(server.base, meAccount.email, options.seconds);
    } catch (error) {
      failures.push(`GET /me: not measured — ${error instanceof Error ? error.message : String(error)}`);
    }
    const checked = checkPhases(
      me
        ? [
            ['log-in', login.phase],
            ['GET /me', me],
          ]
        : [['log-in', login.phase]],
      login,
    );
    failures.push(...checked.failures);
    warnings.push(...checked.warnings);

    const { ratio, parallelRatio } = printTables(argon2, login, me);
    const file = await writeResult(startedAt, {
      ok: failures.length === 0,
      failures,
      warnings,
      backgroundBusyBeforeStart: busyBefore,
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
        ...login.phase,
        achievedOverBound: ratio,
        achievedOverParallelHashing: parallelRatio,
        sessionsCreated: login.sessionsCreated,
        warmupSeconds: WARMUP_SECONDS,
      },
      me: me ? { ...me, warmupSeconds: WARMUP_SECONDS } : null,
      eventLoopDelayNote: `sampled every ${ELD_RESOLUTION_MS} ms by monitorEventLoopDelay; the interval itself is subtracted`,
    });
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
