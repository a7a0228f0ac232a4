import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solve, type IssuedChallenge } from './challenge.js';
import { GOOD_PASSWORD, uniquePhone } from './harness.js';

const serverDir = path.resolve(import.meta.dirname, '..');

const environment = (dataDir: string, port: number, env: Record<string, string> = {}) => ({
  ...process.env,
  NODE_ENV: 'development',
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  CODE_CHALLENGE_MAX_NUMBER: '1000',
  DATABASE_URL: '',
  REDIS_URL: '',
  ...env,
});

/** `npm start`'s server as a real process on the embedded database in `dataDir`. */
async function start(dataDir: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: environment(dataDir, port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, base, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

/** `npm run staff -- <args>` on the same data folder (`list` by default). */
const staffList = (dataDir: string, args = ['list']) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/staff.ts', ...args], {
    cwd: serverDir,
    env: environment(dataDir, 0),
    encoding: 'utf8',
    timeout: 60_000,
  });

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

// The embedded default is what this proves; the PostgreSQL project covers the other storage.
describe.runIf(process.env.TEST_DB_KIND === 'pglite')('the server process on the embedded database', () => {
  it('persists data across a graceful SIGTERM shutdown and a restart; holds the data folder while it runs; drains', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'devplat-process-'));
    const port = 20_000 + randomInt(20_000);
    const first = await start(dataDir, port);
    const origin = { origin: `http://localhost:${port}`, 'content-type': 'application/json' };
    const phone = uniquePhone();
    const challenge = await solve((await (await fetch(`${first.base}/api/v1/challenges`)).json()) as IssuedChallenge);
    await fetch(`${first.base}/api/v1/verification-codes`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ purpose: 'register', to: phone, challenge }),
    });
    const outbox = (await (await fetch(`${first.base}/api/v1/dev/outbox?to=${encodeURIComponent(phone)}`)).json()) as {
      messages: { text: string }[];
    };
    const code = outbox.messages[0]!.text.match(/\b(\d{6})\b/)![1];
    const created = await fetch(`${first.base}/api/v1/accounts`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ phone, code, password: GOOD_PASSWORD }),
    });
    expect(created.status).toBe(201);
    // Only a NODE_ENV=test server lets a client move its clock.
    expect((await fetch(`${first.base}/api/v1/test/clock`)).status).toBe(404);

    // While the server holds the embedded database, the staff command refuses with one sentence.
    const refused = staffList(dataDir);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /The server \(process \d+\) is running on the embedded database in .*: stop it first/,
    );

    const exit = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(first.output()).toContain('shutting down');
    expect(existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    // A stale lock, of a process that is gone (a pid above Linux's 2^22 cap), stops nobody.
    writeFileSync(path.join(dataDir, 'server.lock'), '99999999');
    const listed = staffList(dataDir);
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    // Several staff accounts of one role in one command, each with its own first password.
    const emails = ['first.reviewer@process.test', 'second.reviewer@process.test'];
    const made = staffList(dataDir, ['create', '--role', 'reviewer', ...emails.flatMap((e) => ['--email', e])]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const passwords = [...made.stdout.matchAll(/^created reviewer (\S+)\nfirst password \(shown once\): (\S+)$/gm)];
    expect(passwords.map((m) => m[1])).toEqual(emails);
    expect(new Set(passwords.map((m) => m[2])).size).toBe(2);
    const both = staffList(dataDir);
    for (const email of emails) expect(both.stdout).toContain(`reviewer\t${email}\tactive\ttotp=not set`);

    const second = await start(dataDir, port, { SHUTDOWN_DRAIN_SECONDS: '3' });
    let done: Promise<number | null> | null = null;
    try {
      const login = await fetch(`${second.base}/api/v1/sessions`, {
        method: 'POST',
        headers: origin,
        body: JSON.stringify({ identifier: phone, password: GOOD_PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect((await fetch(`${second.base}/readyz`)).status).toBe(200);

      // SIGTERM: readiness fails at once, during the drain delay, while the process still serves.
      done = exited(second.child);
      second.child.kill('SIGTERM');
      let draining: Response | null = null;
      for (let i = 0; i < 40 && !draining; i++) {
        const res = await fetch(`${second.base}/readyz`);
        if (res.status === 503) draining = res;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(draining?.status).toBe(503);
      expect(await draining!.json()).toMatchObject({ status: 'draining' });
      expect((await fetch(`${second.base}/healthz`)).status).toBe(200);
      expect(await done).toBe(0);
    } finally {
      if (second.child.exitCode === null) {
        done ??= exited(second.child);
        second.child.kill('SIGTERM');
        await done;
      }
    }
  }, 180_000);

  it('a start-up failure exits non-zero with one clear line', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'devplat-fail-'));
    const failed = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: environment(dataDir, 0, {
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        DB_CONNECT_TIMEOUT_SECONDS: '2',
      }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([
      'start-up failed: the database is unreachable (ECONNREFUSED): check DATABASE_URL and that PostgreSQL is running',
    ]);
  }, 120_000);
});

/**
 * The server process's output and exit code when it is given `env`: until it exits or prints
 * `marker` (bounded: killed after 150 s; a fresh PGlite migrates slowly on a busy machine).
 */
async function runUntil(marker: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = exited(child);
  const listening = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(marker)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const first = await Promise.race([exit.then((code) => ({ code })), listening.then(() => ({ code: undefined }))]);
  if (first.code === undefined) {
    child.kill('SIGTERM');
    await exit;
  }
  clearTimeout(timer);
  return { output, code: first.code };
}

describe.runIf(process.env.TEST_DB_KIND === 'pglite')('the server process without Redis in production', () => {
  const production = {
    NODE_ENV: 'production',
    APP_SECRET: 'p'.repeat(32),
    SMTP_URL: 'smtp://127.0.0.1:1',
    DATA_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    SMS_PROVIDERS: 'none',
    PUBLIC_URL: 'https://dev.example.com',
  };

  it('starts, and logs that per-IP limits are counted per node', async () => {
    const { output, code } = await runUntil('per-IP limits', {
      ...production,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'devplat-prod-')),
    });
    expect(code).toBeUndefined();
    expect(output).toMatch(/REDIS_URL is not set: per-IP limits .* counted per node/);
  }, 160_000);

  it('REQUIRE_REDIS=true refuses to start (exit code 2) and says why', async () => {
    const { output, code } = await runUntil('is running at', {
      ...production,
      REQUIRE_REDIS: 'true',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'devplat-prod-')),
    });
    expect(code).toBe(2);
    expect(output).toContain('REQUIRE_REDIS=true needs REDIS_URL');
  }, 160_000);
});
