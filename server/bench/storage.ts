/** The bench's throw-away database (a fresh PostgreSQL database, or PGlite in a temp folder) and its seed. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { newAppId, newAppKey, newKeyId } from '../src/flows/apps/ids.js';
import { createAppsRepository } from '../src/flows/apps/repository.js';
import { createLoginRepository } from '../src/flows/login/repository.js';
import { createAccountsRepository } from '../src/platform/accounts-repository.js';
import { browserOf, ipRangeOf, KNOWN_DEVICE_DAYS } from '../src/platform/known-devices.js';
import { accountFailureKey } from '../src/platform/login-failures-repository.js';
import { openPglite, postgresDb, type Db } from '../src/platform/db/index.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createSessionsRepository } from '../src/platform/sessions/repository.js';
import type { Vault } from '../src/platform/vault.js';

export interface BenchDatabase {
  db: Db;
  /** The database's URL (PostgreSQL): the server workers connect to it. */
  url: string | null;
  /** What was measured against, for the report (no credentials). */
  label: string;
  /** Closes the database and deletes it (drops the PostgreSQL database, removes the PGlite folder). */
  dispose(): Promise<void>;
}

/** The password of every seeded account (they share one hash of it). */
export const PASSWORD = 'bench-Correct-Horse-4217';
/** The browser the log-in phase says it is (parsed by the server as a real one is). */
export const BENCH_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The device every seeded account knows: wrk's address and BENCH_USER_AGENT, as the server keys them. */
const BENCH_DEVICE = { ipRange: ipRangeOf('127.0.0.1'), browser: browserOf(BENCH_USER_AGENT) };

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Creates `bench_<random>` next to the admin URL's database, migrated; dropped by dispose(). */
export async function freshPostgres(adminUrl: string): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString());
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await db.close().catch(() => undefined);
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  };
  try {
    await migrate(db);
    return {
      db,
      url: url.toString(),
      label: `PostgreSQL ${await serverVersion(db)} (database ${name})`,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** PGlite (PostgreSQL compiled to WASM) in a temp folder, on its worker thread as the server opens it. */
export async function freshPglite(): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'devplat-bench-pglite-'));
  const db = await openPglite(dir);
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await migrate(db);
    return { db, url: null, label: `PGlite ${await serverVersion(db)} (embedded, worker thread)`, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function serverVersion(db: Db): Promise<string> {
  const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return rows[0]?.v.split(' ')[0] ?? '?';
}

export interface SeededAccount {
  phone: string;
  email: string;
}

export interface SeedReport {
  accounts: number;
  auditRows: number;
  sessions: number;
  /** Seconds per step (accounts, sessions, audit rows, ANALYZE). */
  seconds: Record<string, number>;
  databaseBytes: number;
}

/** The i-th seeded account's contacts (1-based), as the seeding SQL writes them. */
export const seededAccount = (i: number): SeededAccount => ({
  phone: `+86138${String(i).padStart(8, '0')}`,
  email: `bench-user-${i}@example.com`,
});

/** Accounts rotated over by the log-in phase: all of them up to this many, else spread evenly. */
const MAX_ROTATED = 100_000;

/**
 * One bulk INSERT into `table` as a loader would run it: the table's secondary indexes (those
 * behind no constraint) dropped first and built again afterwards, one sort each instead of
 * millions of insertions at random places; and, where the role may (a superuser), the
 * foreign-key triggers off for the statement, since the rows reference accounts inserted just
 * before. At 10 M accounts these two were most of the seeding time (the 10 M sessions were still
 * inserting after 8 min). What is measured afterwards runs on the same indexes as ever.
 */
async function bulkInsert(db: Db, table: string, sql: string, params: unknown[]) {
  await db.tx(async (q) => {
    const { rows: indexes } = await q.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i
        WHERE i.indrelid = $1::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [table],
    );
    const { rows } = await q.query<{ superuser: boolean }>(
      'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.superuser) await q.query('SET LOCAL session_replication_role = replica');
    if (db.kind === 'postgres') await q.query("SET LOCAL maintenance_work_mem = '512MB'");
    for (const index of indexes) await q.query(`DROP INDEX ${index.name}`);
    await q.query(sql, params);
    // A partitioned table's index is shown as ON ONLY (the parent alone); built on the table, it
    // is built on every partition again.
    for (const index of indexes) await q.query(index.def.replace(' ON ONLY ', ' ON '));
  });
}

/**
 * N active developer accounts, each with 5 audit rows and 1 live session, every 10th with a
 * pending certification, every 100th with an app and a key (so that the tables have the size of
 * a real platform with N accounts), inserted by SQL with generate_series. They
 * share ONE real argon2id hash (verifying costs the same whatever the hash). Returns the
 * accounts the log-in phase rotates over and the /me account (the last one, never logged in
 * by the log-in phase).
 */
export async function seedAccounts(
  db: Db,
  count: number,
  passwordHash: string,
): Promise<{ rotated: SeededAccount[]; me: SeededAccount; report: SeedReport }> {
  const seconds: Record<string, number> = {};
  const timed = async (step: string, sql: string, params: unknown[] = [], table?: string) => {
    const t0 = performance.now();
    if (table) await bulkInsert(db, table, sql, params);
    else await db.query(sql, params);
    seconds[step] = (performance.now() - t0) / 1000;
  };
  await timed(
    'accounts',
    `INSERT INTO accounts (username, phone, email, password_hash, created_at, updated_at)
     SELECT 'bench_user_' || i, '+86138' || lpad(i::text, 8, '0'), 'bench-user-' || i || '@example.com', $1, now(), now()
       FROM generate_series(1, $2::int) AS i`,
    [passwordHash, count],
  );
  // One live session per account (its token is unknown to anybody: only the size counts).
  await timed(
    'sessions',
    `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending)
     SELECT sha256(convert_to('bench-session-' || a.id, 'UTF8')), a.id, now(), now(), now() + interval '12 hours',
            '127.0.0.1', 'bench', false
       FROM accounts a`,
    [],
    'sessions',
  );
  // The device each account last logged in from, a week ago: the bench's own (wrk's address and
  // user agent), as for a returning user. A log-in from a device new to the account takes the
  // long way (a transaction that notes it and queues the notices), which new-device.test.ts and
  // hot-paths.test.ts cover.
  await timed(
    'known devices',
    `INSERT INTO known_devices (account_id, ip_range, browser, first_seen_at, last_seen_at)
     SELECT a.id, $1, $2, now() - interval '7 days', now() - interval '7 days' FROM accounts a`,
    [BENCH_DEVICE.ipRange, BENCH_DEVICE.browser],
    'known_devices',
  );
  // Five audit rows per account, this month (the current partition).
  await timed(
    'audit rows',
    `INSERT INTO audit_events (at, account_id, actor, ip, user_agent, event, outcome, details)
     SELECT now() - g * interval '1 second', a.id, 'account', '127.0.0.1', 'bench', 'login', 'success', '{"method":"password"}'
       FROM accounts a CROSS JOIN generate_series(1, 5) AS g`,
    [],
    'audit_events',
  );
  // Every 10th account has a pending certification, every 100th an app with a key: so that the
  // plans of the joins (/me's certification, the open API's key) are those of real-sized tables.
  await timed(
    'certifications',
    `INSERT INTO certifications (account_id, type, state, current_submission_id, submitted_at, deadline, identity_hmac)
     SELECT a.id, 'personal', 'pending', gen_random_uuid(), now(), current_date + 3, sha256(convert_to(a.id::text, 'UTF8'))
       FROM accounts a WHERE substr(a.username, 12)::int % 10 = 0`,
  );
  // Every 100th account failed a log-in yesterday: its own counter, and its typed identifier's
  // (a key that stands for the HMAC), so that the log-in's look-ups meet a real-sized table (on an
  // empty one the planner rightly scans it, which is no plan to show). One failure stays far
  // below the lock-out, and the log-in phase's first right password clears it.
  await timed(
    'failure counters',
    `INSERT INTO login_failures (key, failed_count, last_failed_at)
     SELECT k.key, 1, now() - interval '1 day'
       FROM accounts a,
            LATERAL (VALUES (account_failure_key(a.id)), (encode(sha256(convert_to('bench-identifier-' || a.id, 'UTF8')), 'hex'))) AS k(key)
      WHERE substr(a.username, 12)::int % 100 = 0`,
  );
  await timed(
    'apps and keys',
    `WITH new_apps AS (
       INSERT INTO apps (app_id, owner_id, name, industry, description, created_at, updated_at)
       SELECT 'app_' || translate(substr(md5(a.id::text), 1, 16), '0189', 'wxyz'), a.id, 'bench', 'smart_home', '', now(), now()
         FROM accounts a WHERE substr(a.username, 12)::int % 100 = 0
       RETURNING app_id)
     INSERT INTO app_keys (key_id, app_id, secret_sealed, state, created_at)
     SELECT 'key_' || translate(substr(md5('key' || app_id), 1, 16), '0189', 'wxyz'), app_id, 'unused', 'active', now()
       FROM new_apps`,
  );
  await timed('analyze', 'ANALYZE');
  const counted = await db.query<{ accounts: number; sessions: number; audit: number; bytes: number }>(
    `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM sessions)::int AS sessions,
            (SELECT count(*) FROM audit_events)::bigint AS audit,
            pg_database_size(current_database())::bigint AS bytes`,
  );
  const row = counted.rows[0]!;
  if (row.accounts !== count) throw new Error(`seeded ${row.accounts} accounts, expected ${count}`);
  // The last account is the /me phase's; the log-in phase rotates over (a spread of) the others.
  const others = count - 1;
  const step = Math.max(1, Math.floor(others / MAX_ROTATED));
  const rotated: SeededAccount[] = [];
  for (let i = 1; i <= others && rotated.length < MAX_ROTATED; i += step) rotated.push(seededAccount(i));
  return {
    rotated,
    me: seededAccount(count),
    report: { accounts: row.accounts, sessions: row.sessions, auditRows: row.audit, seconds, databaseBytes: row.bytes },
  };
}

export interface OpenApiKey {
  appId: string;
  keyId: string;
  appKey: string;
}

/** An app with one active key, owned by `owner` (sealed with the run's data key, as the server does). */
export async function createOpenApiKey(db: Db, ownerEmail: string, vault: Vault): Promise<OpenApiKey> {
  const repo = createAppsRepository();
  const owner = await db.query<{ id: string }>('SELECT id FROM accounts WHERE email = $1', [ownerEmail]);
  const appId = newAppId();
  const keyId = newKeyId();
  const appKey = newAppKey();
  const now = new Date();
  await repo.insertApp(
    db,
    appId,
    owner.rows[0]!.id,
    { name: 'bench', industry: 'smart_home', description: 'bench' },
    now,
  );
  await repo.insertKey(db, keyId, appId, vault.seal(appKey), now);
  return { appId, keyId, appKey };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the hot statements, as the server sends them (the same SQL
 * text): the session look-up of GET /me, the log-in's account look-up, its one write (in a
 * transaction rolled back), the open API key look-up. PostgreSQL only.
 */
export async function queryPlans(
  db: Db,
  input: { meEmail: string; loginPhone: string; appId: string; keyId: string },
): Promise<Record<string, string>> {
  const plans: Record<string, string> = {};
  const explain = async (name: string, sql: string, params: unknown[]) => {
    await db
      .tx(async (q) => {
        const { rows } = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        plans[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  };
  const { rows } = await db.query<{ token_hash: Buffer; account_id: string }>(
    `SELECT s.token_hash, s.account_id FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE a.email = $1 ORDER BY s.created_at DESC LIMIT 1`,
    [input.meEmail],
  );
  const session = rows[0]!;
  const now = new Date();
  const findLive = sqlOf(() =>
    createSessionsRepository().findLive(capture, session.token_hash, now, new Date(now.getTime() - 3600_000)),
  );
  await explain('GET /me: session_find_live', findLive.sql, findLive.params);
  const account = sqlOf(() =>
    createAccountsRepository().findByContact(capture, { kind: 'phone', value: input.loginPhone }),
  );
  await explain('log-in: account by phone', account.sql, account.params);
  const newSession = {
    tokenHash: Buffer.alloc(32, 7),
    accountId: session.account_id,
    now,
    expiresAt: new Date(now.getTime() + 3600_000),
    ip: '127.0.0.1',
    userAgent: BENCH_USER_AGENT,
    mfaPending: false,
  };
  const loginRow = {
    at: now,
    accountId: session.account_id,
    actor: 'account',
    ip: '127.0.0.1',
    userAgent: BENCH_USER_AGENT,
    event: 'login',
    outcome: 'success',
    details: { method: 'password' },
  };
  const known = sqlOf(() =>
    createLoginRepository().startOnKnownDevice(
      capture,
      { ...BENCH_DEVICE, seenSince: new Date(now.getTime() - KNOWN_DEVICE_DAYS * 86_400_000) },
      newSession,
      loginRow,
      [accountFailureKey(session.account_id)],
    ),
  );
  await explain('log-in: login_start_on_known_device (rolled back)', known.sql, known.params);
  const start = sqlOf(() => createLoginRepository().startSession(capture, newSession, loginRow));
  await explain('log-in from a new device: login_start_session (rolled back)', start.sql, start.params);
  const key = sqlOf(() => createAppsRepository().findKeyForSigning(capture, input.appId, input.keyId));
  await explain('open API: key for signing', key.sql, key.params);
  return plans;
}

class RolledBack extends Error {}

/** The SQL and parameters a repository method sends (the plan is of exactly that statement). */
let captured: { sql: string; params: unknown[] } | null = null;
const capture = {
  query: async (sql: string, params?: unknown[]) => {
    captured = { sql, params: params ?? [] };
    return { rows: [], rowCount: 0 };
  },
  exec: async () => undefined,
} as unknown as Db;
function sqlOf(call: () => Promise<unknown>): { sql: string; params: unknown[] } {
  captured = null;
  // Only the statement counts: what the method makes of capture's empty answer does not.
  call().catch(() => undefined);
  if (!captured) throw new Error('no statement captured');
  return captured;
}
