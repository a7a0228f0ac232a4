/** The bench's report: tables on stdout and a JSON file. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../src/config.js';
import type { HashMeasure, Phase } from './measure.js';
import { LOGIN_CONNECTIONS, ME_CONNECTIONS, type LoginResult } from './phases.js';

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (n: number) => `${fmt(n * 100, 2)} %`;

export function table(title: string, rows: [string, string][]) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

export function phaseRows(phase: Phase): [string, string][] {
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

/** The three tables: argon2id alone, the log-in phase against it, and GET /me when it ran. */
export function printTables(
  argon2: HashMeasure,
  login: LoginResult,
  me: Phase | null,
): { ratio: number; parallelRatio: number } {
  const { phase } = login;
  const ratio = phase.load.okPerSecond / argon2.boundPerSecond;
  const parallelRatio = phase.load.okPerSecond / argon2.parallelPerSecond;
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
    `POST /api/v1/sessions — ${LOGIN_CONNECTIONS} connections, ${fmt(phase.load.seconds, 0)} s, ${login.accountsRotated} accounts rotated`,
    [
      ['successful log-ins', `${fmt(phase.load.okPerSecond)} /s`],
      ['achieved / hash-bound limit', `${fmt(ratio, 2)}  (${pct(ratio)})`],
      ['achieved / measured parallel hashing', fmt(parallelRatio, 2)],
      ...phaseRows(phase),
      [
        'sessions in the database',
        `${login.sessionsCreated} (≥ ${login.warmupOk + phase.load.ok} successful log-ins incl. warm-up)`,
      ],
    ],
  );
  if (me) {
    table(`GET /api/v1/me — ${ME_CONNECTIONS} connections, ${fmt(me.load.seconds, 0)} s, one session cookie`, [
      ['requests', `${fmt(me.load.okPerSecond)} /s`],
      ...phaseRows(me),
    ]);
  }
  return { ratio, parallelRatio };
}

/** Writes the run's numbers to bench-results/bench-<timestamp>.json at the repository root; returns the file. */
export async function writeResult(startedAt: Date, result: object): Promise<string> {
  const dir = path.join(repoRoot, 'bench-results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
