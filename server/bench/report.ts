/** The bench's report: tables on stdout, a JSON file and a small SVG chart in bench-results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../src/config.js';
import type { HashMeasure, Phase } from './measure.js';

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (n: number) => `${fmt(n * 100, 2)} %`;

export function table(title: string, rows: [string, string][]) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

export function phaseRows(phase: Phase): [string, string][] {
  const { load, server, cpuMsPerRequest: per } = phase;
  const codes = Object.entries(load.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
  return [
    ['successful responses', `${fmt(load.okPerSecond)} /s`],
    [
      'latency p50 / p90 / p99 / max',
      `${fmt(load.latencyMs.p50, 2)} / ${fmt(load.latencyMs.p90, 2)} / ${fmt(load.latencyMs.p99, 2)} / ${fmt(load.latencyMs.max, 1)} ms`,
    ],
    ['responses (status codes)', `${load.responses}${codes ? ` (${codes})` : ''}`],
    [
      'errors: status ≥ 400 / socket / timeouts',
      `${load.non2xx} / ${load.errors - load.timeouts} / ${load.timeouts} → ${pct(phase.errorRatio)}`,
    ],
    [
      'event-loop delay p99 / max / mean',
      `${fmt(server.eventLoopDelayP99Ms)} / ${fmt(server.eventLoopDelayMaxMs)} / ${fmt(server.eventLoopDelayMeanMs)} ms (worst process)`,
    ],
    ['event-loop utilization', `${pct(server.eventLoopUtilization)} (mean of ${server.processes.length})`],
    [
      'CPU: server (primary) / postgres / wrk / other',
      `${fmt(server.serverCpuCores, 2)} (${fmt(server.primaryCpuCores, 2)}) / ${fmt(server.postgresCpuCores, 2)} / ${fmt(
        load.clientCpuCores,
        2,
      )} / ${fmt(server.otherCpuCores, 2)} cores (machine ${pct(server.machineBusy)} busy)`,
    ],
    ...mainThreadRow(phase),
    [
      'CPU per request: server / postgres / both / wrk',
      `${fmt(per.server, 3)} / ${fmt(per.postgres, 3)} / ${fmt(per.serverAndPostgres, 3)} / ${fmt(per.loadGenerator, 3)} ms`,
    ],
  ];
}

/** The workers' event loops against their other threads (argon2's thread pool, V8's helpers). */
function mainThreadRow(phase: Phase): [string, string][] {
  const mains = phase.server.processes.map((p) => p.mainThreadCpuCores);
  if (mains.some((m) => m === null)) return [];
  const main = (mains as number[]).reduce((a, b) => a + b, 0);
  const all = phase.server.processes.reduce((a, p) => a + p.cpuCores, 0);
  return [['CPU of the workers: main threads / other threads', `${fmt(main, 2)} / ${fmt(all - main, 2)} cores`]];
}

export function argon2Rows(argon2: HashMeasure): [string, string][] {
  return [
    [
      'time per hash: median (min–max)',
      `${fmt(argon2.medianMs)} ms (${fmt(argon2.minMs)}–${fmt(argon2.maxMs)}) over ${argon2.samples}`,
    ],
    ['hash-bound log-in limit', `${fmt(argon2.boundPerSecond)} /s  (= ${argon2.cores} cores / median)`],
    [
      'measured parallel hashing',
      `${fmt(argon2.parallelPerSecond)} /s  (best of 2 bursts of ${argon2.cores * 8} hashes at once)`,
    ],
    [
      `sustained, ${argon2.sustained.inFlight} at once: rate / CPU per hash`,
      `${fmt(argon2.sustained.perSecond)} /s / ${fmt(argon2.sustained.cpuMsPerHash, 2)} ms  (${fmt(argon2.sustained.seconds)} s)`,
    ],
  ];
}

/** Writes the run's numbers to bench-results/bench-<timestamp>.json and .svg at the repository root. */
export async function writeResult(startedAt: Date, result: object, svg: string): Promise<string> {
  const dir = path.join(repoRoot, 'bench-results');
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${base}.svg`, svg);
  return `${base}.json`;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown after the bar (the unit, the peer's figure). */
  note: string;
  /** A target or a peer figure to mark on the bar's scale. */
  mark?: { value: number; label: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small horizontal bar chart: one group per row, each scaled to its own maximum. */
export function barChart(title: string, bars: Bar[]): string {
  const rowHeight = 34;
  const width = 760;
  const left = 230;
  const barWidth = 330;
  const height = 50 + bars.length * rowHeight;
  const rows = bars
    .map((bar, i) => {
      const y = 40 + i * rowHeight;
      const max = Math.max(bar.value, bar.mark?.value ?? 0) * 1.1 || 1;
      const w = Math.max(1, (bar.value / max) * barWidth);
      const mark = bar.mark
        ? `<line x1="${left + (bar.mark.value / max) * barWidth}" x2="${left + (bar.mark.value / max) * barWidth}" y1="${y - 4}" y2="${y + 22}" stroke="#d4380d" stroke-width="2"/>` +
          `<text x="${left + (bar.mark.value / max) * barWidth + 3}" y="${y - 6}" font-size="10" fill="#d4380d">${esc(bar.mark.label)}</text>`
        : '';
      return (
        `<text x="${left - 8}" y="${y + 14}" font-size="12" text-anchor="end">${esc(bar.label)}</text>` +
        `<rect x="${left}" y="${y}" width="${w}" height="18" fill="#1677ff"/>` +
        mark +
        `<text x="${left + barWidth + 12}" y="${y + 14}" font-size="12">${esc(bar.note)}</text>`
      );
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="14" font-weight="bold">${esc(title)}</text>
${rows}
</svg>
`;
}
