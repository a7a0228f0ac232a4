/** What the bench measures: argon2id alone, then each load phase with the server's side of it. */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { BenchServer } from './server.js';
import { PASSWORD } from './storage.js';
import { runWrk, type LoadSummary, type WrkJob } from './wrk.js';

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
  /**
   * `cores` hashes kept in flight for SUSTAINED_SECONDS (as many as the server runs at once):
   * the rate, and the CPU each hash cost this process (every thread). A log-in's CPU beyond this
   * is what the rest of the log-in costs.
   */
  sustained: { seconds: number; inFlight: number; perSecond: number; cpuMsPerHash: number };
}

export const SUSTAINED_SECONDS = 3;

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
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  const lane = async () => {
    while (performance.now() - t0 < SUSTAINED_SECONDS * 1000) {
      await hash(PASSWORD);
      done++;
    }
  };
  await Promise.all(Array.from({ length: cores }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    sample,
    samples: HASH_SAMPLES,
    medianMs,
    minMs: times[0]!,
    maxMs: times[times.length - 1]!,
    cores,
    boundPerSecond: cores / (medianMs / 1000),
    parallelPerSecond,
    sustained: {
      seconds: elapsed,
      inFlight: cores,
      perSecond: done / elapsed,
      cpuMsPerHash: (cpu.user + cpu.system) / 1000 / done,
    },
  };
}

/** One server process over a phase (a worker, or the bench itself with PGlite). */
export interface ProcessSide {
  pid: number;
  /** p99 / max / mean of event-loop delay, ms (sampling interval removed). */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayMeanMs: number;
  /** Share of wall time the event loop was busy (0–1). */
  eventLoopUtilization: number;
  /** CPU of the process (event loop + argon2's thread pool + in-process PGlite), in cores. */
  cpuCores: number;
  /** Of which its main thread's (the event loop; Linux's /proc, 10 ms ticks), in cores; null elsewhere. */
  mainThreadCpuCores: number | null;
}

/** /proc's CPU times are in USER_HZ ticks: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds of this process's main thread (its thread id is the pid), from /proc; null elsewhere. */
function mainThreadCpuSeconds(): number | null {
  try {
    return statCpuSeconds(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** This process's event-loop delay, utilization and CPU between `start()` and `stop()`. */
export function processMeter() {
  let eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let main = mainThreadCpuSeconds();
  let t0 = performance.now();
  const delay = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  return {
    start() {
      eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
      eld.enable();
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      main = mainThreadCpuSeconds();
      t0 = performance.now();
    },
    stop(): ProcessSide {
      eld.disable();
      const used = process.cpuUsage(cpu);
      const mainNow = mainThreadCpuSeconds();
      const seconds = (performance.now() - t0) / 1000;
      return {
        pid: process.pid,
        eventLoopDelayP99Ms: delay(eld.percentile(99)),
        eventLoopDelayMaxMs: delay(eld.max),
        eventLoopDelayMeanMs: delay(eld.mean),
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
        cpuCores: (used.user + used.system) / 1e6 / seconds,
        mainThreadCpuCores: main !== null && mainNow !== null ? (mainNow - main) / seconds : null,
      };
    },
  };
}

export interface ServerSide {
  /** The worst worker's event-loop delay p99 / max, the workers' mean delay, ms. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayMeanMs: number;
  /** Mean event-loop utilization of the server processes (0–1). */
  eventLoopUtilization: number;
  /** CPU of all server processes together, in cores. */
  serverCpuCores: number;
  /** The bench process as the workers' primary (the shared per-IP counters' IPC), in cores; 0 with PGlite. */
  primaryCpuCores: number;
  processes: ProcessSide[];
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
  /** CPU milliseconds per successful request, by process kind. */
  cpuMsPerRequest: { server: number; postgres: number; serverAndPostgres: number; loadGenerator: number };
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

/** The share of the machine's CPU time (every core) that was busy since `before`, 0–1. */
export function machineBusySince(before: ReturnType<typeof machineTimes>): number {
  const now = machineTimes();
  return (now.busy - before.busy) / Math.max(1, now.total - before.total);
}

/** utime + stime of a `/proc/…/stat` line, in seconds (counted after `comm`, which may hold spaces). */
function statCpuSeconds(stat: string): number {
  // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * So far for process `pid` (Linux /proc): CPU seconds of all its threads and of its main thread,
 * and the main thread's context switches, voluntary (it waited: the event loop went idle) and
 * not (the kernel preempted it for another thread).
 */
export function processUsage(pid: number): { all: number; main: number; waits: number; preempted: number } {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  const switches = (name: string) => Number(status.match(new RegExp(`^${name}:\\s*(\\d+)`, 'm'))?.[1] ?? NaN);
  return {
    all: statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')),
    main: statCpuSeconds(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
    waits: switches('voluntary_ctxt_switches'),
    preempted: switches('nonvoluntary_ctxt_switches'),
  };
}

/** CPU seconds used so far by each `postgres` process of this host, by pid (Linux /proc; none elsewhere). */
export function postgresCpuSeconds(): Map<number, number> {
  const seconds = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return seconds;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      seconds.set(Number(entry), statCpuSeconds(stat));
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

/**
 * The CPU seconds the `postgres` processes used between two readings, process by process: one
 * started since counts from zero; one that ended since is left out, never subtracted (the seed's
 * connection, closing idle during the first phase, once made the total −43 cores).
 */
export function postgresCpuSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of postgresCpuSeconds()) used += seconds - (before.get(pid) ?? 0);
  return used;
}

/** A measured phase: wrk's load, each server process's event loop and CPU, PostgreSQL's CPU. */
export async function measuredPhase(server: BenchServer, job: WrkJob, inProcess: boolean): Promise<Phase> {
  let machine = machineTimes();
  let postgres = new Map<number, number>();
  let primaryCpu = process.cpuUsage();
  let t0 = performance.now();
  await server.start();
  const load = await runWrk(job, () => {
    postgres = postgresCpuSeconds();
    machine = machineTimes();
    primaryCpu = process.cpuUsage();
    t0 = performance.now();
  });
  const wallMs = performance.now() - t0;
  const primaryUsed = process.cpuUsage(primaryCpu);
  const machineBusy = machineBusySince(machine);
  const postgresCpuCores = postgresCpuSince(postgres) / (wallMs / 1000);
  const processes = await server.stop();
  const primaryCpuCores = inProcess ? 0 : (primaryUsed.user + primaryUsed.system) / 1000 / wallMs;
  const serverCpuCores = processes.reduce((sum, p) => sum + p.cpuCores, 0) + primaryCpuCores;
  const failed = load.non2xx + load.errors;
  const perRequest = (cores: number) => (load.ok > 0 ? (cores * wallMs) / load.ok : 0);
  return {
    load,
    server: {
      eventLoopDelayP99Ms: Math.max(...processes.map((p) => p.eventLoopDelayP99Ms)),
      eventLoopDelayMaxMs: Math.max(...processes.map((p) => p.eventLoopDelayMaxMs)),
      eventLoopDelayMeanMs: processes.reduce((s, p) => s + p.eventLoopDelayMeanMs, 0) / processes.length,
      eventLoopUtilization: processes.reduce((s, p) => s + p.eventLoopUtilization, 0) / processes.length,
      serverCpuCores,
      primaryCpuCores,
      processes,
      machineBusy,
      postgresCpuCores,
      otherCpuCores: Math.max(
        0,
        machineBusy * os.cpus().length - serverCpuCores - load.clientCpuCores - postgresCpuCores,
      ),
    },
    errorRatio: failed / Math.max(1, load.responses + load.errors),
    cpuMsPerRequest: {
      server: perRequest(serverCpuCores),
      postgres: perRequest(postgresCpuCores),
      serverAndPostgres: perRequest(serverCpuCores + postgresCpuCores),
      loadGenerator: perRequest(load.clientCpuCores),
    },
  };
}

/** CPU a request costs, every process of the machine's share counted (server, PostgreSQL, wrk). */
export const cpuMsAllProcesses = (phase: Phase) =>
  phase.cpuMsPerRequest.serverAndPostgres + phase.cpuMsPerRequest.loadGenerator;

/** CPU a log-in costs beyond its hash: its CPU in every process less a hash's with as many hashes at once. */
export const loginCpuBesidesHash = (phase: Phase, argon2: HashMeasure) =>
  cpuMsAllProcesses(phase) - argon2.sustained.cpuMsPerHash;
