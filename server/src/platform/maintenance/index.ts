import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import { KNOWN_DEVICE_DAYS } from '../known-devices.js';
import type { Db } from '../db/index.js';
import type { Metrics } from '../metrics.js';
import type { MaintenanceRepository } from './repository.js';

/** Uploads no submission lists are deleted after this long (PIPL minimisation). */
export const UNATTACHED_UPLOAD_HOURS = 24;
/** Send records are kept as long as the longest throttle window counts them (a day). */
const CODE_SENDS_KEPT_SECONDS = 86_400;
/** Monthly audit partitions made ahead of time, this month included. */
const AUDIT_MONTHS_AHEAD = 3;
/** Batches per task and pass: a backlog is worked off over several passes, never in one long one. */
const MAX_BATCHES = 100;

const DAY = 86_400_000;

/** One named cleanup. `run` removes what is due at `now` and returns how many rows (or partitions) went. */
export interface MaintenanceTask {
  name: string;
  run(now: Date): Promise<number>;
}

export interface MaintenanceLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MaintenanceSettings {
  intervalMinutes: number;
  batchSize: number;
  sessionRetentionDays: number;
  auditRetentionDays: number;
}

/**
 * Deletes in batches of `batchSize` until a batch comes back short (or MAX_BATCHES). Each batch
 * is its own statement, so no long transaction holds locks while a backlog is cleared.
 */
function batched(batchSize: number, deleteBatch: (limit: number) => Promise<number>) {
  return async () => {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await deleteBatch(batchSize);
      total += n;
      if (n < batchSize) break;
    }
    return total;
  };
}

const monthStart = (d: Date, plus = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1));

/**
 * The cleanups, in order. To add one, append `{ name, run: batched(size, (limit) => repo.x(db, limit, …)) }`
 * with its SQL in repository.ts.
 */
/** Days a sent, abandoned or expired message stays in the outbox (the admins' message list). */
export const FINISHED_MESSAGES_KEPT_DAYS = 7;

export function maintenanceTasks(deps: {
  db: Db;
  repo: MaintenanceRepository;
  settings: MaintenanceSettings;
  /**
   * The final erase of accounts whose deletion cooling-off has ended at `now` (flows/account-deletion,
   * PIPL Art. 47); each account in its own transaction. Returns how many were erased.
   */
  eraseDue: (now: Date) => Promise<number>;
}) {
  const { db, repo, settings } = deps;
  const size = settings.batchSize;
  const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
  const tasks: MaintenanceTask[] = [
    // First: what it erases (codes, sessions, messages of the account) then needs no other task.
    { name: 'account_erasure', run: (now) => deps.eraseDue(now) },
    { name: 'expired_codes', run: (now) => batched(size, (l) => repo.expiredCodes(db, l, now))() },
    {
      name: 'code_sends',
      run: (now) => batched(size, (l) => repo.oldCodeSends(db, l, ago(now, CODE_SENDS_KEPT_SECONDS * 1000)))(),
    },
    {
      name: 'sessions',
      run: (now) => batched(size, (l) => repo.oldSessions(db, l, ago(now, settings.sessionRetentionDays * DAY)))(),
    },
    { name: 'tickets', run: (now) => batched(size, (l) => repo.deadTickets(db, l, now))() },
    { name: 'nonces', run: (now) => batched(size, (l) => repo.expiredNonces(db, l, now))() },
    {
      // Finished messages (their params already wiped) stay a while for the admins' message list.
      name: 'finished_messages',
      run: (now) => batched(size, (l) => repo.finishedMessages(db, l, ago(now, FINISHED_MESSAGES_KEPT_DAYS * DAY)))(),
    },
    {
      // A device not seen for 90 days is new again: its row has no more use (PIPL minimisation).
      name: 'known_devices',
      run: (now) => batched(size, (l) => repo.staleKnownDevices(db, l, ago(now, KNOWN_DEVICE_DAYS * DAY)))(),
    },
    {
      name: 'unattached_uploads',
      run: (now) =>
        batched(size, (l) => repo.unattachedUploads(db, l, ago(now, UNATTACHED_UPLOAD_HOURS * 3_600_000)))(),
    },
    {
      // Makes the coming months' partitions, then drops every month that ended before the
      // retention cut-off. DDL, so one node at a time: the others skip this task.
      name: 'audit_partitions',
      run: (now) =>
        db.tx(async (q) => {
          if (!(await repo.lockPartitions(q))) return 0;
          for (let m = 0; m < AUDIT_MONTHS_AHEAD; m++) {
            await repo.ensureAuditPartition(q, monthStart(now, m).toISOString().slice(0, 10));
          }
          const cutoff = ago(now, settings.auditRetentionDays * DAY).getTime();
          let dropped = 0;
          for (const p of await repo.auditPartitions(q)) {
            if (monthStart(p.start, 1).getTime() <= cutoff) {
              await repo.dropAuditPartition(q, p.name);
              dropped++;
            }
          }
          return dropped;
        }),
    },
  ];
  return tasks;
}

/**
 * The maintenance job: every node runs it every `intervalMinutes` (several nodes are safe: rows
 * are taken with SKIP LOCKED, partitions under an advisory lock). Each pass logs and counts what
 * it removed per task; one failing task is logged and does not stop the others.
 */
export function createMaintenance(deps: {
  tasks: MaintenanceTask[];
  clock: Clock;
  settings: MaintenanceSettings;
  metrics: Pick<Metrics, 'maintenanceRemoved' | 'maintenanceRuns'>;
  log: MaintenanceLog;
}) {
  const { tasks, clock, settings, metrics, log } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<Record<string, number>> | null = null;

  const pass = async (): Promise<Record<string, number>> => {
    const now = clock.now();
    const counts: Record<string, number> = {};
    let failed = false;
    for (const task of tasks) {
      try {
        counts[task.name] = await task.run(now);
        metrics.maintenanceRemoved.inc({ task: task.name }, counts[task.name]);
      } catch (error) {
        failed = true;
        log.error({ err: error, task: task.name }, 'maintenance task failed');
      }
    }
    metrics.maintenanceRuns.inc({ outcome: failed ? 'failed' : 'done' });
    log.info({ removed: counts }, 'maintenance pass');
    return counts;
  };

  /** One pass now (or the one already running); resolves to the counts by task. */
  const runOnce = (): Promise<Record<string, number>> => {
    running ??= pass().finally(() => (running = null));
    return running;
  };
  /** Schedules the next pass after `ms`, and the one after it when that is done (until stopped). */
  const schedule = (ms: number) => {
    timer = setTimeout(() => void runOnce().finally(() => timer && schedule(settings.intervalMinutes * 60_000)), ms);
    timer.unref();
  };

  return {
    runOnce,
    /** Starts the periodic pass; the first comes within a minute, at random, so nodes started together spread out. */
    start() {
      if (settings.intervalMinutes === 0 || timer) return;
      schedule(randomInt(Math.min(settings.intervalMinutes * 60_000, 60_000)));
    },
    /** Stops the timer and waits for a pass in progress (shutdown). */
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
