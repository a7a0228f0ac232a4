/**
 * One server process per core on one host (WORKERS, node:cluster). The primary process serves
 * no request: it runs the migrations once, forks the workers, holds the per-IP counters they
 * share when there is no Redis (the blanket per-IP counts of every request, `countForWorkers`, and
 * the flows' limiters, rate-limiter-flexible's `RateLimiterClusterMaster`, both answering over the
 * cluster's IPC channel), replaces a worker that dies, and drains them all on
 * SIGTERM/SIGINT. The workers share the listening socket (the primary hands connections out
 * round-robin) and run the ordinary server.
 *
 * Signals: the primary decides. A worker ignores SIGTERM/SIGINT from outside (Ctrl-C reaches the
 * whole process group, so each worker would otherwise see it twice) and shuts down when the
 * primary tells it, or when the primary is gone (its IPC channel closes).
 */
import cluster, { type Worker } from 'node:cluster';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { isMessage } from './messages.js';
import { countForWorkers } from './rate-limit-store.js';

/** The IPC message a worker drains on: `now` is the second signal (stop waiting). */
export interface ShutdownMessage {
  type: 'devplat:shutdown';
  signal: string;
  now: boolean;
}

const isShutdown = (message: unknown): message is ShutdownMessage =>
  isMessage<ShutdownMessage>(message, 'devplat:shutdown');

/**
 * The env variable telling a worker its index (0…N-1; read by config.ts as `workerIndex`); a
 * replacement keeps the index of the worker it replaces.
 */
export const WORKER_INDEX_ENV = 'DEVPLAT_WORKER_INDEX';

/** True in a worker forked by `startPrimary`. */
export const isClusterWorker = () => cluster.isWorker;

export interface PrimaryOptions {
  workers: number;
  /** The module each worker runs (default: this process's entry) and its Node flags. */
  exec?: string;
  execArgv?: string[];
  /** Extra environment of every worker. */
  env?: Record<string, string>;
  log: (message: string) => void;
}

export interface Primary {
  /** The live workers, by index. */
  workers(): Worker[];
  /** Resolves once every worker has its server listening. */
  listening: Promise<void>;
  /** Tells every worker to drain (a second call: to stop now); resolves with the exit code. */
  shutdown(signal: string): Promise<number>;
  /** Resolves with the primary's exit code once every worker is gone. */
  exited: Promise<number>;
}

/**
 * Forks `workers` processes and keeps that many running until `shutdown`. The shared per-IP
 * store is created here before any worker exists, so no worker's first request misses it.
 */
export function startPrimary(options: PrimaryOptions): Primary {
  new RateLimiterClusterMaster();
  countForWorkers();
  cluster.setupPrimary({
    ...(options.exec ? { exec: options.exec } : {}),
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  });
  const live = new Map<number, Worker>();
  let stopping = false;
  let failed = false;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  let pendingListen = options.workers;
  let resolveListening!: () => void;
  const listening = new Promise<void>((resolve) => (resolveListening = resolve));

  const fork = (index: number) => {
    const worker = cluster.fork({ ...options.env, [WORKER_INDEX_ENV]: String(index) });
    live.set(index, worker);
    let listened = false;
    worker.once('listening', () => {
      listened = true;
      if (--pendingListen === 0) resolveListening();
    });
    worker.once('exit', (code, signal) => {
      live.delete(index);
      if (stopping) {
        if (code !== 0) failed = true;
      } else {
        options.log(
          `worker ${index} (pid ${worker.process.pid}) exited (${signal ?? code})${listened ? '; starting a new one' : ' before listening'}`,
        );
        if (!listened) {
          // It never came up: the next one would not either (a bad setting, a database down at
          // start). No crash loop: the primary stops the others and exits 1.
          failed = true;
          void shutdown('SIGTERM');
        } else fork(index);
      }
      if (live.size === 0 && stopping) resolveExit(failed ? 1 : 0);
    });
  };

  let signals = 0;
  const shutdown = (signal: string): Promise<number> => {
    signals++;
    stopping = true;
    const message: ShutdownMessage = { type: 'devplat:shutdown', signal, now: signals > 1 };
    for (const worker of live.values()) {
      if (worker.isConnected()) worker.send(message);
      else worker.process.kill('SIGTERM');
    }
    if (live.size === 0) resolveExit(failed ? 1 : 0);
    return exited;
  };

  for (let i = 0; i < options.workers; i++) fork(i);
  return { workers: () => [...live.values()], listening, shutdown, exited };
}

/**
 * In a worker: runs `shutdown(signal, now)` when the primary says so or disappears, and keeps
 * outside SIGTERM/SIGINT from reaching the server's own handlers (the primary forwards them).
 */
export function followPrimary(shutdown: (signal: string, now: boolean) => void) {
  const ignore = () => undefined;
  process.on('SIGTERM', ignore);
  process.on('SIGINT', ignore);
  process.on('message', (message: unknown) => {
    if (isShutdown(message)) shutdown(message.signal, message.now);
  });
  // The primary is gone (killed): nobody hands out connections or counts limits any more.
  process.on('disconnect', () => shutdown('SIGTERM', false));
}
