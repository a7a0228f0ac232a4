/**
 * The load phases — log-ins over the seeded accounts, GET /me on one session, the signed open
 * API read with a fresh nonce each — as wrk jobs, and the checks that void a broken run.
 */
import { randomBytes } from 'node:crypto';
import { signRequest } from '../../clients/open-api-signing/client.js';
import type { Db } from '../src/platform/db/index.js';
import { measuredPhase, type Phase } from './measure.js';
import { fmt, pct } from './report.js';
import { logIn, type BenchServer } from './server.js';
import { BENCH_USER_AGENT, PASSWORD, type OpenApiKey } from './storage.js';
import { COUNT_RESPONSES, runWrk, type WrkJob } from './wrk.js';

export const LOGIN_CONNECTIONS = 16;
export const ME_CONNECTIONS = 50;
export const OPEN_API_CONNECTIONS = 50;
export const WARMUP_SECONDS = 1;
const MAX_ERROR_RATIO = 0.01;
/** Above this many cores used by unrelated processes during a phase, the report warns. */
export const OTHER_CPU_WARNING = 0.2;
/** Signed requests prepared per second of a phase: above any rate this machine reaches. */
const SIGNED_PER_SECOND = 20_000;

export interface LoginResult {
  phase: Phase;
  /** Successful log-ins of the warm-up, which also created sessions. */
  warmupOk: number;
  sessionsCreated: number;
  accountsRotated: number;
}

const lua = (s: string) => JSON.stringify(s);

/** POST /api/v1/sessions, each request the next identifier (one list for the thread). */
export function loginJob(base: string, identifiers: string[], seconds: number): WrkJob {
  return {
    url: base,
    connections: LOGIN_CONNECTIONS,
    seconds,
    files: { 'identifiers.txt': `${identifiers.join('\n')}\n` },
    script: `
${COUNT_RESPONSES}
local ids = {}
for line in io.lines(dir .. "identifiers.txt") do ids[#ids + 1] = line end
local next_id = math.random(#ids)
local password = ${lua(PASSWORD)}
wrk.method = "POST"
wrk.path = "/api/v1/sessions"
wrk.headers["content-type"] = "application/json"
wrk.headers["user-agent"] = ${lua(BENCH_USER_AGENT)}
function request()
  next_id = next_id % #ids + 1
  return wrk.format(nil, nil, nil, '{"identifier":"' .. ids[next_id] .. '","password":"' .. password .. '"}')
end
function response(status, headers, body)
  count(status, body)
  if status == 200 then
    local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
    if not (string.find(cookie, "sid=", 1, true) and string.find(string.lower(cookie), "httponly", 1, true)) then
      bad_ok = bad_ok + 1
    end
  end
end
`,
  };
}

export async function loginPhase(
  server: BenchServer,
  db: Db,
  identifiers: string[],
  seconds: number,
  inProcess: boolean,
): Promise<LoginResult> {
  const before = await sessionCount(db);
  console.log(`log-in: ${WARMUP_SECONDS} s warm-up, then ${seconds} s at ${LOGIN_CONNECTIONS} connections (wrk)…`);
  const warm = await runWrk(loginJob(server.base, identifiers, WARMUP_SECONDS));
  const phase = await measuredPhase(server, loginJob(server.base, identifiers, seconds), inProcess);
  return {
    phase,
    warmupOk: warm.ok,
    sessionsCreated: (await sessionCount(db)) - before,
    accountsRotated: identifiers.length,
  };
}

async function sessionCount(db: Db) {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
  return rows[0]?.n ?? 0;
}

/** GET /api/v1/me with one cookie: a static request, nothing run per request in wrk. */
const meJob = (base: string, cookie: string, seconds: number): WrkJob => ({
  url: `${base}/api/v1/me`,
  connections: ME_CONNECTIONS,
  seconds,
  script: `wrk.headers["cookie"] = ${lua(cookie)}`,
});

export interface ReadResult {
  phase: Phase;
  /** The size of one good response: a run whose average is below it lost the content somewhere. */
  expectedBytes: number;
}

/** GET /api/v1/me with one fresh session of an account the log-in phase never touched. */
export async function mePhase(server: BenchServer, identifier: string, seconds: number, inProcess: boolean) {
  const cookie = await logIn(server.base, identifier);
  const probe = await fetch(`${server.base}/api/v1/me`, { headers: { cookie } });
  const expectedBytes = (await probe.arrayBuffer()).byteLength;
  console.log(`GET /me: ${WARMUP_SECONDS} s warm-up, then ${seconds} s at ${ME_CONNECTIONS} connections (wrk)…`);
  await runWrk(meJob(server.base, cookie, WARMUP_SECONDS));
  return { phase: await measuredPhase(server, meJob(server.base, cookie, seconds), inProcess), expectedBytes };
}

/**
 * GET /open/v1/devices signed with a fresh nonce per request. wrk has no HMAC, so the bench signs
 * the requests beforehand (one line per request: nonce, timestamp, signature; each used once,
 * in order); more are prepared than the machine can send in the phase.
 */
function openApiJob(base: string, key: OpenApiKey, seconds: number): WrkJob {
  const lines: string[] = [];
  const now = new Date();
  for (let i = 0; i < Math.min(3_000_000, (seconds + 1) * SIGNED_PER_SECOND); i++) {
    const signed = signRequest({
      method: 'GET',
      path: '/open/v1/devices',
      appId: key.appId,
      keyId: key.keyId,
      appKey: key.appKey,
      nonce: randomBytes(12).toString('base64url'),
      now,
    });
    lines.push(`${signed.headers['x-nonce']} ${signed.headers['x-timestamp']} ${signed.headers['x-signature']}`);
  }
  return {
    url: base,
    connections: OPEN_API_CONNECTIONS,
    seconds,
    files: { 'signed.txt': `${lines.join('\n')}\n` },
    script: `
local signed = {}
for line in io.lines(dir .. "signed.txt") do signed[#signed + 1] = line end
local i = 0
local headers = { ["x-app-id"] = ${lua(key.appId)}, ["x-key-id"] = ${lua(key.keyId)} }
function request()
  i = i + 1
  local nonce, timestamp, signature = string.match(signed[(i - 1) % #signed + 1], "(%S+) (%S+) (%S+)")
  headers["x-nonce"] = nonce
  headers["x-timestamp"] = timestamp
  headers["x-signature"] = signature
  return wrk.format("GET", "/open/v1/devices", headers)
end
`,
  };
}

export async function openApiPhase(server: BenchServer, key: OpenApiKey, seconds: number, inProcess: boolean) {
  const probe = signRequest({ method: 'GET', path: '/open/v1/devices', ...key });
  const res = await fetch(`${server.base}${probe.url}`, { headers: probe.headers });
  if (res.status !== 200) throw new Error(`signed GET /open/v1/devices answered ${res.status}: ${await res.text()}`);
  const expectedBytes = (await res.arrayBuffer()).byteLength;
  console.log(
    `GET /open/v1/devices (signed, fresh nonce each): ${WARMUP_SECONDS} s warm-up, then ${seconds} s at ${OPEN_API_CONNECTIONS} connections (wrk)…`,
  );
  await runWrk(openApiJob(server.base, key, WARMUP_SECONDS));
  return { phase: await measuredPhase(server, openApiJob(server.base, key, seconds), inProcess), expectedBytes };
}

/** A broken server must not produce a good-looking report: failures void the run, warnings qualify it. */
export function checkPhases(
  phases: [string, Phase, number?][],
  login: LoginResult | null,
): { failures: string[]; warnings: string[] } {
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const [name, phase, expectedBytes] of phases) {
    if (phase.load.ok === 0) failures.push(`${name}: no successful response at all`);
    if (phase.errorRatio > MAX_ERROR_RATIO) {
      failures.push(
        `${name}: ${pct(phase.errorRatio)} of requests failed (limit ${pct(MAX_ERROR_RATIO)}): ${phase.load.errorSamples.join(' | ') || JSON.stringify(phase.load.statusCodes) || 'socket errors/timeouts'}`,
      );
    }
    if (phase.load.badOk > 0) failures.push(`${name}: ${phase.load.badOk} 2xx responses without the expected content`);
    // Responses (headers included) shorter on average than one good body: content went missing.
    if (expectedBytes !== undefined && phase.load.bytesPerResponse < expectedBytes) {
      failures.push(
        `${name}: ${fmt(phase.load.bytesPerResponse, 0)} bytes per response on average, less than one good body (${expectedBytes})`,
      );
    }
    if (phase.server.otherCpuCores > OTHER_CPU_WARNING) {
      warnings.push(
        `other processes used ${fmt(phase.server.otherCpuCores, 2)} cores during the ${name} phase: its numbers are low and noisy`,
      );
    }
  }
  if (login) {
    const loginsOk = login.warmupOk + login.phase.load.ok;
    if (login.sessionsCreated < loginsOk) {
      failures.push(
        `log-in: ${loginsOk} successful log-ins but only ${login.sessionsCreated} new sessions in the database`,
      );
    }
  }
  return { failures, warnings };
}
