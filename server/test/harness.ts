import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ManualClock } from '../src/platform/clock.js';
import type { Db } from '../src/platform/db/index.js';
import { solve, type IssuedChallenge } from './challenge.js';
import { leaseTestDb } from './databases.js';

export const ORIGIN = 'http://localhost:3000';
/** The suites' argon2id cost (see startTestApp's `argon2`): real argon2id, 1.5 ms a hash on a slow machine where the deployed cost takes 36 ms. */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1 } as const;
export const GOOD_PASSWORD = 'violet-otter-harbour-42';

/** A valid, unused mainland mobile number (E.164). */
export function uniquePhone(): string {
  // Consecutive numbers from a random start: never the same twice in one worker (random draws
  // collided now and then once a test made hundreds), and apart across workers and runs.
  nextPhone = (nextPhone + 1) % 100_000_000;
  return `+86138${String(nextPhone).padStart(8, '0')}`;
}
let nextPhone = randomInt(0, 100_000_000);

export function uniqueEmail(): string {
  return `dev.${randomBytes(6).toString('hex')}@example.com`;
}

/** A documentation-range IP, different per call, so per-IP caps of one test do not leak into another. */
export function randomIp(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export interface InjectOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  cookie?: string | null;
  /** Defaults to the public origin on mutations; `null` sends none. */
  origin?: string | null;
  ip?: string;
  headers?: Record<string, string>;
}

/**
 * The real server (every plugin and flow, as `npm start` builds it) on a just-migrated database
 * (see databases.ts), with a clock the test moves. Requests go through Fastify's inject.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    logs?: string[];
    /** Issues the verification codes instead of the CSPRNG (AppDeps.codeGenerator). */
    codeGenerator?: () => string;
    /** Another app's database and clock: a second node, or the same node after a restart. */
    shared?: { db: Db; clock: ManualClock };
    /**
     * argon2id's cost: TEST_ARGON2 (m=1 MiB, t=1) unless a test needs the deployed one
     * ('production', for what checks the stored parameters). The same cost for real and dummy
     * hashes, so every rule that rests on equal work still holds; thousands of sign-ups and
     * log-ins in the suites would otherwise spend most of their time in argon2.
     */
    argon2?: 'production';
  } = {},
) {
  const { db, release } = options.shared
    ? { db: options.shared.db, release: async () => undefined }
    : await leaseTestDb();
  const redisUrl = process.env.TEST_DB_KIND === 'postgres' ? process.env.TEST_REDIS_URL : undefined;
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : null;
  const clock = options.shared?.clock ?? new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'devplat-test-')),
    APP_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: options.logs ? 'trace' : 'silent',
    WEB_DIST: path.join(tmpdir(), 'devplat-no-web'),
    // Tests send many requests from one address; the limits' own test sets them low again.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000',
    RATE_LIMIT_OPEN_API_PER_MINUTE: '1000000',
    // The challenge stays on (CODE_CHALLENGE=always, the default) and is solved for real by
    // sendCode; a low difficulty keeps that to a few milliseconds.
    CODE_CHALLENGE_MAX_NUMBER: '1000',
    ...options.env,
  });
  const { app, messenger, messaging, container, warmSchemas } = await buildApp({
    config,
    db,
    redis,
    clock,
    limiterPrefix: `test-${randomBytes(6).toString('hex')}`,
    logStream: options.logs ? { write: (line: string) => void options.logs!.push(line) } : undefined,
    codeGenerator: options.codeGenerator,
    argon2Cost: options.argon2 === 'production' ? undefined : TEST_ARGON2,
  });
  await app.ready();

  const request = async (o: InjectOptions) => {
    const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = { ...o.headers };
    const origin = o.origin === undefined ? (method === 'GET' ? null : ORIGIN) : o.origin;
    if (origin) headers.origin = origin;
    if (o.cookie) headers.cookie = o.cookie;
    const response = await app.inject({
      method,
      url: o.url,
      headers,
      remoteAddress: o.ip ?? '127.0.0.1',
      ...(o.body === undefined ? {} : typeof o.body === 'string' ? { payload: o.body } : { payload: o.body as object }),
    });
    return response;
  };

  /** The session cookie (`name=value`) a response set, or null. */
  const sessionCookie = (response: { cookies: { name: string; value: string }[] }) => {
    const c = response.cookies.find((k) => k.name === 'sid' || k.name === '__Host-sid');
    return c && c.value ? `${c.name}=${c.value}` : null;
  };

  /** Every message the dev outbox holds for a target, newest first. */
  const outbox = async (to: string): Promise<{ text: string; channel: string }[]> =>
    (await request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(to)}&limit=50` })).json<{
      messages: { text: string; channel: string }[];
    }>().messages;

  /** The newest 6-digit code the dev outbox holds for a target. */
  const latestCode = async (to: string): Promise<string | null> => {
    const res = await request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(to)}` });
    const messages = res.json<{ messages: { text: string }[] }>().messages;
    const match = messages[0]?.text.match(/\b(\d{6})\b/);
    return match ? match[1]! : null;
  };

  /** Fetches a proof-of-work challenge and solves it as the console's widget does: the payload to send. */
  const solvedChallenge = async (): Promise<string> =>
    solve((await request({ url: '/api/v1/challenges' })).json<IssuedChallenge>());

  /** Asks for a sign-up (or reset) code, with a solved challenge unless CODE_CHALLENGE=off. */
  const sendCode = async (to: string, ip = randomIp(), purpose = 'register') =>
    request({
      url: '/api/v1/verification-codes',
      body: { purpose, to, ...(config.codeChallenge.mode === 'off' ? {} : { challenge: await solvedChallenge() }) },
      ip,
    });

  /** Signs up a new account through the API; returns its cookie and contact. */
  const register = async (input: { phone?: string; email?: string; password?: string } = {}) => {
    const contact = input.phone ?? input.email ?? uniquePhone();
    const kind = contact.includes('@') ? 'email' : 'phone';
    const sent = await sendCode(contact);
    if (sent.statusCode !== 202) throw new Error(`code send failed: ${sent.body}`);
    const code = await latestCode(contact);
    const res = await request({
      url: '/api/v1/accounts',
      body: { [kind]: contact, code, password: input.password ?? GOOD_PASSWORD },
      ip: randomIp(),
    });
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
    return { cookie: sessionCookie(res)!, contact, account: res.json<{ id: string; username: string }>() };
  };

  return {
    app,
    db,
    clock,
    config,
    messenger,
    messaging,
    /** The composition root's pieces (metrics, readiness, maintenance, repositories). */
    container,
    /** The route schemas no request has compiled yet, compiled now (as main.ts does after listen). */
    warmSchemas,
    request,
    sessionCookie,
    latestCode,
    outbox,
    solvedChallenge,
    sendCode,
    register,
    async close() {
      await app.close();
      redis?.disconnect();
      await release();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * A JSON body without its `requestId`, which is unique to each request by design: for tests
 * proving that two answers are otherwise identical (SECURITY 12, 13).
 */
export function withoutRequestId(body: string): string {
  try {
    const { requestId: _id, ...rest } = JSON.parse(body) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return body;
  }
}

/** An account by id, or by the phone or email it holds. */
type AccountWhere = { id: string } | { contact: string };
const accountWhere = (where: AccountWhere) =>
  'id' in where ? { sql: 'a.id = $1', value: where.id } : { sql: '$1 IN (a.phone, a.email)', value: where.contact };

/** The account's failure counter (kept in login_failures under account_failure_key, migration 0018). */
export async function failedLogins(db: Db, where: AccountWhere): Promise<number> {
  const { sql, value } = accountWhere(where);
  const { rows } = await db.query<{ n: number }>(
    `SELECT COALESCE(f.failed_count, 0) AS n FROM accounts a
       LEFT JOIN login_failures f ON f.key = account_failure_key(a.id) WHERE ${sql}`,
    [value],
  );
  return rows[0]!.n;
}

/** Sets the account's failure counter, as `count` failures in a row, the last at `at`. */
export async function setFailedLogins(db: Db, where: AccountWhere, count: number, at: Date): Promise<void> {
  const { sql, value } = accountWhere(where);
  await db.query(
    `INSERT INTO login_failures (key, failed_count, last_failed_at)
     SELECT account_failure_key(a.id), $2, $3 FROM accounts a WHERE ${sql}
     ON CONFLICT (key) DO UPDATE SET failed_count = $2, last_failed_at = $3`,
    [value, count, at],
  );
}
