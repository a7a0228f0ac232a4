/** What the bench measures: argon2id alone, then each load phase with the server's side of it. */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ChildMessage, LoadJob, LoadSummary } from './protocol.js';
import { PASSWORD } from './storage.js';

export const HASH_SAMPLES = 20;
/** Event-loop delay sampling interval; each sample is the interval actually taken, minus this. */
export const ELD_RESOLUTION_MS = 10;

export interface HashMeasure {
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

export async function measureArgon2(hash: (pw: string) => Promise<string>): Promise<HashMeasure & { sample: string }> {
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

export interface ServerSide {
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

export interface Phase {
  load: LoadSummary;
  server: ServerSide;
  errorRatio: number;
}

export function machineTimes() {
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
export function runLoad(job: LoadJob, onGo: () => void = () => undefined): Promise<LoadSummary> {
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
export async function measuredPhase(job: LoadJob): Promise<Phase> {
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

/** Stops every load generator still running (interrupted bench). */
export function stopLoads(): void {
  for (const child of children) child.kill();
}
