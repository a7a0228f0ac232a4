/** The load phases — log-ins over the seeded accounts, then GET /me on one session — and their checks. */
import { measuredPhase, runLoad, type Phase } from './measure.js';
import type { LoadJob } from './protocol.js';
import { pct, fmt } from './report.js';
import { logIn } from './server.js';
import type { Db } from '../src/platform/db/index.js';
import { PASSWORD } from './storage.js';

export const LOGIN_CONNECTIONS = 16;
export const ME_CONNECTIONS = 50;
export const WARMUP_SECONDS = 1;
const MAX_ERROR_RATIO = 0.01;
/** Above this many cores used by unrelated processes during a phase, the report warns. */
const OTHER_CPU_WARNING = 0.2;

export interface LoginResult {
  phase: Phase;
  /** Successful log-ins of the warm-up, which also created sessions. */
  warmupOk: number;
  sessionsCreated: number;
  accountsRotated: number;
}

/** POST /api/v1/sessions over every identifier in turn: a warm-up, then the measured phase. */
export async function loginPhase(base: string, db: Db, identifiers: string[], seconds: number): Promise<LoginResult> {
  const job = (s: number): LoadJob => ({
    kind: 'login',
    url: base,
    connections: LOGIN_CONNECTIONS,
    seconds: s,
    identifiers,
    password: PASSWORD,
  });
  console.log(`log-in: ${WARMUP_SECONDS} s warm-up, then ${seconds} s at ${LOGIN_CONNECTIONS} connections…`);
  const warm = await runLoad(job(WARMUP_SECONDS));
  const phase = await measuredPhase(job(seconds));
  const sessionsRow = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
  return {
    phase,
    warmupOk: warm.ok,
    sessionsCreated: sessionsRow.rows[0]?.n ?? 0,
    accountsRotated: identifiers.length,
  };
}

/** GET /api/v1/me with one fresh session of an account the log-in phase never touched. */
export async function mePhase(base: string, identifier: string, seconds: number): Promise<Phase> {
  const cookie = await logIn(base, identifier);
  const job = (s: number): LoadJob => ({ kind: 'me', url: base, connections: ME_CONNECTIONS, seconds: s, cookie });
  console.log(`GET /me: ${WARMUP_SECONDS} s warm-up, then ${seconds} s at ${ME_CONNECTIONS} connections…`);
  await runLoad(job(WARMUP_SECONDS));
  return measuredPhase(job(seconds));
}

/** A broken server must not produce a good-looking report: failures void the run, warnings qualify it. */
export function checkPhases(phases: [string, Phase][], login: LoginResult): { failures: string[]; warnings: string[] } {
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const [name, phase] of phases) {
    if (phase.load.ok === 0) failures.push(`${name}: no successful response at all`);
    if (phase.errorRatio > MAX_ERROR_RATIO) {
      failures.push(
        `${name}: ${pct(phase.errorRatio)} of requests failed (limit ${pct(MAX_ERROR_RATIO)}): ${phase.load.errorSamples.join(' | ') || 'socket errors/timeouts'}`,
      );
    }
    if (phase.load.badOk > 0) failures.push(`${name}: ${phase.load.badOk} 2xx responses without the expected content`);
    if (phase.server.otherCpuCores > OTHER_CPU_WARNING) {
      warnings.push(
        `other processes used ${fmt(phase.server.otherCpuCores, 2)} cores during the ${name} phase: its numbers are low and noisy`,
      );
    }
  }
  const loginsOk = login.warmupOk + login.phase.load.ok;
  if (login.sessionsCreated < loginsOk) {
    failures.push(`log-in: ${loginsOk} successful log-ins but only ${login.sessionsCreated} sessions in the database`);
  }
  return { failures, warnings };
}
