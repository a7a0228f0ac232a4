/**
 * `npm run bench:summary -- bench-results/bench-A.json bench-results/bench-B.json …`
 *
 * The median and range of each figure over several bench runs, as the Markdown rows of
 * docs/benchmark.md "Results". A run with a contention warning or a failure is left out and named;
 * ratios are taken within each run (log-ins over that run's hashing, /me over that run's peer),
 * never across runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Load {
  okPerSecond: number;
  latencyMs: { p50: number; p99: number };
  clientCpuCores: number;
}
interface Phase {
  load: Load;
  server: {
    eventLoopDelayP99Ms: number;
    serverCpuCores: number;
    primaryCpuCores: number;
    postgresCpuCores: number;
  };
  cpuMsPerRequest: { server: number; postgres: number; serverAndPostgres: number };
}
interface Run {
  ok: boolean;
  warnings: string[];
  failures: string[];
  argon2: { medianMs: number; parallelPerSecond: number; sustained: { perSecond: number } };
  login: (Phase & { achievedOverParallelHashing: number }) | null;
  me: Phase | null;
  openApi: Phase | null;
  peer: {
    results: { getSession: { reqPerSec: number }; signIn: { reqPerSec: number } };
    ratios: { loginOverPeerSignIn: number | null; meOverPeerGetSession: number | null };
  } | null;
}

// npm runs this in server/; the paths were typed (and globbed) where npm was started (INIT_CWD).
const files = process.argv
  .slice(2)
  .filter((a) => a.endsWith('.json'))
  .map((f) => path.resolve(process.env.INIT_CWD ?? process.cwd(), f));
if (files.length === 0) {
  console.error('usage: npm run bench:summary -- bench-results/bench-<timestamp>.json …');
  process.exit(2);
}

const runs: Run[] = [];
for (const file of files) {
  const run = JSON.parse(readFileSync(file, 'utf8')) as Run;
  if (!run.ok || run.warnings.length > 0) {
    console.warn(`left out ${path.basename(file)}: ${[...run.failures, ...run.warnings].join('; ')}`);
    continue;
  }
  runs.push(run);
}
if (runs.length === 0) {
  console.error('no run without a warning or failure');
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "median (min–max)" of a figure over the runs that have it, or "—". */
function cell(pick: (r: Run) => number | null | undefined, digits = 1): string {
  const xs = runs.map(pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (xs.length === 0) return '—';
  const range = xs.length > 1 ? ` (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})` : '';
  return `${fmt(median(xs), digits)}${range}`;
}

const rows: [string, string, string][] = [
  ['argon2id time per hash', '', `${cell((r) => r.argon2.medianMs)} ms`],
  ['measured parallel hashing', '', `${cell((r) => r.argon2.parallelPerSecond)} /s`],
  ['**log-ins/s** (2 workers, 16 connections)', '', cell((r) => r.login?.load.okPerSecond)],
  ['log-ins / measured parallel hashing', '≥ 0.90', cell((r) => r.login?.achievedOverParallelHashing, 2)],
  [
    'log-ins / sustained hashing (2 at once for 3 s)',
    '',
    cell((r) => r.login && r.login.load.okPerSecond / r.argon2.sustained.perSecond, 2),
  ],
  [
    'event-loop delay p99 during log-ins (worst worker)',
    '< 10 ms',
    `${cell((r) => r.login?.server.eventLoopDelayP99Ms)} ms`,
  ],
  [
    'CPU during log-ins: workers / primary / postgres / wrk (cores)',
    '',
    [
      cell((r) => r.login?.server.serverCpuCores, 2),
      cell((r) => r.login?.server.primaryCpuCores, 2),
      cell((r) => r.login?.server.postgresCpuCores, 2),
      cell((r) => r.login?.load.clientCpuCores, 2),
    ].join(' / '),
  ],
  ['**`GET /me` req/s** (50 connections)', '', cell((r) => r.me?.load.okPerSecond, 0)],
  [
    '`GET /me` latency p50 / p99',
    'p99 < 10 ms',
    `${cell((r) => r.me?.load.latencyMs.p50, 2)} / ${cell((r) => r.me?.load.latencyMs.p99, 2)} ms`,
  ],
  [
    'CPU per `/me`: server / postgres / total',
    'total ≤ 0.15 ms',
    `${cell((r) => r.me?.cpuMsPerRequest.server, 3)} / ${cell((r) => r.me?.cpuMsPerRequest.postgres, 3)} / ${cell((r) => r.me?.cpuMsPerRequest.serverAndPostgres, 3)} ms`,
  ],
  ['event-loop delay p99 during `/me`', '', `${cell((r) => r.me?.server.eventLoopDelayP99Ms)} ms`],
  ['better-auth get-session req/s (same invocation)', '', cell((r) => r.peer?.results.getSession.reqPerSec, 0)],
  ['`GET /me` / better-auth get-session', '≥ 10', cell((r) => r.peer?.ratios.meOverPeerGetSession, 2)],
  [
    'better-auth sign-in/s; our log-ins / its sign-ins',
    '',
    `${cell((r) => r.peer?.results.signIn.reqPerSec)}; ${cell((r) => r.peer?.ratios.loginOverPeerSignIn, 2)}`,
  ],
  [
    '**signed `GET /open/v1/devices` req/s** (fresh nonce each)',
    '≥ 2,000',
    cell((r) => r.openApi?.load.okPerSecond, 0),
  ],
  [
    'CPU per signed read: server / postgres',
    '',
    `${cell((r) => r.openApi?.cpuMsPerRequest.server, 3)} / ${cell((r) => r.openApi?.cpuMsPerRequest.postgres, 3)} ms`,
  ],
  [
    "wrk's own CPU in each phase: log-in / `/me` / open API (cores)",
    '',
    [
      cell((r) => r.login?.load.clientCpuCores, 2),
      cell((r) => r.me?.load.clientCpuCores, 2),
      cell((r) => r.openApi?.load.clientCpuCores, 2),
    ].join(' / '),
  ],
];

console.log(`${runs.length} run(s) without a warning: median (range)\n`);
console.log('| | target | median (range) |\n|---|---|---|');
for (const [name, target, value] of rows) console.log(`| ${name} | ${target} | ${value} |`);
