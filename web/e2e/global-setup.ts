import { randomBytes } from 'node:crypto';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_PATH } from './browser.js';
import { E2E_WORKERS } from './workers.js';

/** One server under test with its own database and clock, and its staff accounts. */
export interface ServerUnderTest {
  /** Where it listens. */
  baseUrl: string;
  /** Staff accounts created before the server started (their own passwords by now). */
  staff: Record<StaffRole, { email: string; password: string }>;
  /** apps.test.ts's own reviewer: a TOTP code is accepted once per 30-s step per account. */
  appsReviewer: { email: string; password: string };
  /** walkthrough.test.ts's reviewer (its own TOTP set-up). */
  walkReviewer: { email: string; password: string };
  /** An admin of its own for the audit export test (issue 15 point 6). */
  auditAdmin: { email: string; password: string };
  /** walkthrough.test.ts's admin, for the admins' pages (its own TOTP set-up). */
  walkAdmin: { email: string; password: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** One per worker (E2E_WORKERS); none when the browser tests are skipped. */
    servers: ServerUnderTest[];
  }
}

type StaffRole = 'reviewer' | 'admin';
interface StaffAccount {
  email: string;
  password: string;
}

const webDir = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(webDir, '..');
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Builds into this run's own folder: another run (another checkout's session, a second terminal)
 * rebuilding web/dist would otherwise swap the hashed assets under a running server.
 */
function buildConsole(outDir: string): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // Vitest sets NODE_ENV=test, which would give a development build of React: test the real one.
  const args = [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'];
  const result = spawnSync(process.execPath, args, {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

/**
 * Resolves when the server says it listens (main.ts prints its address after `listen`), then
 * checks /healthz once; fails if it exits first or stays silent for two minutes.
 */
async function waitForHealth(baseUrl: string, server: ChildProcess, logFile: string): Promise<void> {
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 120_000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      server.stdout?.off('data', onData);
      server.off('exit', onExit);
      resolve(ok);
    };
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-1000);
      if (seen.includes('is running at')) done(true);
    };
    const onExit = () => done(false);
    server.stdout?.on('data', onData);
    server.once('exit', onExit);
  });
  const healthy =
    listening &&
    (await fetch(`${baseUrl}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    ));
  if (healthy) return;
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
  throw new Error(`The server did not become healthy at ${baseUrl}/healthz. Last output:\n${log}`);
}

/**
 * `npm run staff -- create` against the server's DATA_DIR, before the server opens it (embedded
 * PGlite allows one process): every account of one role in one command (each command opens the
 * database again, about 1.3 s); returns each one's printed first password, in the given order.
 */
async function createStaff<const Emails extends readonly string[]>(
  env: NodeJS.ProcessEnv,
  role: StaffRole,
  emails: Emails,
): Promise<{ [K in keyof Emails]: StaffAccount }> {
  const args = ['--import', 'tsx', 'server/src/staff.ts', 'create', '--role', role];
  for (const email of emails) args.push('--email', email);
  const { stdout } = await run(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8' }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`staff create --role ${role} failed: ${error.message}\n${error.stdout}\n${error.stderr}`);
    },
  );
  const printed = new Map(
    [...stdout.matchAll(/^created \w+ (\S+)\nfirst password \(shown once\): (\S+)$/gm)].map((m) => [m[1], m[2]]),
  );
  const accounts = emails.map((email): StaffAccount => {
    const password = printed.get(email);
    if (!password) throw new Error(`staff create --role ${role} printed no first password for ${email}:\n${stdout}`);
    return { email, password };
  });
  return accounts as { [K in keyof Emails]: StaffAccount };
}

/** Logs the staff member in and replaces the operator-printed first password; returns the new one. */
async function replaceFirstPassword(baseUrl: string, account: { email: string; password: string }): Promise<string> {
  const headers = { 'content-type': 'application/json', origin: baseUrl };
  const login = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ identifier: account.email, password: account.password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (login.status !== 200 || !cookie) throw new Error(`staff log-in failed (${login.status}): ${await login.text()}`);
  const newPassword = `${account.password}-own-${randomBytes(4).toString('hex')}`;
  const changed = await fetch(`${baseUrl}/api/v1/sessions/current/first-password`, {
    method: 'POST',
    headers: { ...headers, cookie },
    body: JSON.stringify({ currentPassword: account.password, newPassword }),
  });
  if (changed.status >= 300)
    throw new Error(`first password change failed (${changed.status}): ${await changed.text()}`);
  return newPassword;
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 15_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

/**
 * Starts one server under test on its own port, data folder (or PostgreSQL database) and clock,
 * with its staff accounts; `stop` ends it and removes what it made.
 */
async function startServer(
  workDir: string,
  dist: string,
): Promise<{ info: ServerUnderTest; stop: () => Promise<void> }> {
  const port = await freePort();
  // localhost, not 127.0.0.1: a WebAuthn relying-party id must be a host name, and localhost
  // counts as a secure context (the server still listens on 127.0.0.1 only).
  const baseUrl = `http://localhost:${port}`;
  const logFile = path.join(workDir, `server-${port}.log`);
  const log = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATA_DIR: path.join(workDir, `data-${port}`),
    WEB_DIST: dist,
    NODE_ENV: 'test',
    // Every browser test comes from 127.0.0.1: the per-IP hourly cap on code sends would bite.
    CODE_SENDS_PER_IP_HOUR: '1000',
    // Same for the request rate limits (log-ins are 30 a minute per IP by default).
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000',
    // The proof-of-work stays on (CODE_CHALLENGE=always) and the widget solves it for real, at a
    // lower difficulty than production's so the suite stays fast.
    CODE_CHALLENGE_MAX_NUMBER: '20000',
  };
  // E2E_DATABASE_URL (a PostgreSQL server; each server under test gets a fresh database on it)
  // and E2E_REDIS_URL: the browser tests on PostgreSQL + Redis instead of the embedded database
  // (CI runs both). The servers share Redis without a key prefix each: the limits are per IP and
  // per target, and every test uses targets of its own.
  let database: string | null = null;
  if (process.env.E2E_DATABASE_URL) {
    database = `e2e_${path.basename(workDir).replace(/\W/g, '_').toLowerCase()}_${port}`;
    const created = spawnSync('psql', [process.env.E2E_DATABASE_URL, '-Atqc', `CREATE DATABASE ${database}`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (created.status !== 0) throw new Error(`cannot create the e2e database: ${created.stderr}`);
    const url = new URL(process.env.E2E_DATABASE_URL);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
    env.REDIS_URL = process.env.E2E_REDIS_URL ?? '';
    console.log(`browser tests on PostgreSQL (${database})${env.REDIS_URL ? ' + Redis' : ''}`);
  }
  // One after the other: the staff command opens the data folder, which one process holds at a time.
  const [reviewer, appsReviewer, walkReviewer] = await createStaff(env, 'reviewer', [
    'reviewer@e2e.test',
    'apps.reviewer@e2e.test',
    'walk.reviewer@e2e.test',
  ]);
  const [admin, auditAdmin, walkAdmin] = await createStaff(env, 'admin', [
    'admin@e2e.test',
    'audit.admin@e2e.test',
    'walk.admin@e2e.test',
  ]);
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const end = async () => {
    await stop(server);
    log.end();
    if (database && process.env.E2E_DATABASE_URL && !process.env.E2E_KEEP_DATA) {
      spawnSync('psql', [process.env.E2E_DATABASE_URL, '-Atqc', `DROP DATABASE IF EXISTS ${database}`], {
        timeout: 30_000,
      });
    }
  };
  try {
    await waitForHealth(baseUrl, server, logFile);
    // A first password printed by the operator command must be replaced before anything else
    // (issue 14): done here through the API, so the tests log in with the staff member's own.
    for (const account of [reviewer, admin, appsReviewer, walkReviewer, auditAdmin, walkAdmin]) {
      account.password = await replaceFirstPassword(baseUrl, account);
    }
  } catch (error) {
    await end();
    throw error;
  }
  return {
    info: {
      baseUrl,
      staff: { reviewer, admin },
      appsReviewer,
      walkReviewer,
      auditAdmin,
      walkAdmin,
    },
    stop: end,
  };
}

/**
 * Builds the console once and starts E2E_WORKERS servers under test. Each test worker drives its
 * own server (e2e/server.ts picks it by VITEST_POOL_ID), so one file at a time moves a server's
 * clock, and the files of two workers never meet in one database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH)) {
    const warning = `\n${'!'.repeat(78)}\n!! ${CHROMIUM_PATH} is missing: the browser tests are SKIPPED.\n!! Install Chromium (apt-get install chromium) to run them.\n${'!'.repeat(78)}\n`;
    if (process.env.CI)
      throw new Error(`${CHROMIUM_PATH} is missing and CI is set: the browser tests cannot be skipped.`);
    console.warn(warning);
    project.provide('servers', []);
    return async () => {};
  }

  const workDir = mkdtempSync(path.join(tmpdir(), 'devplat-e2e-'));
  const dist = path.join(workDir, 'dist');
  const started: { info: ServerUnderTest; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop()));
    if (process.env.E2E_KEEP_DATA) console.log(`e2e server data and logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  try {
    buildConsole(dist);
    const results = await Promise.allSettled(Array.from({ length: E2E_WORKERS }, () => startServer(workDir, dist)));
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide(
    'servers',
    started.map((s) => s.info),
  );
  return stopAll;
}
