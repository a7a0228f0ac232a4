/** The bench's throw-away database (a fresh PostgreSQL database, or PGlite in a temp folder) and its seed. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, postgresDb, type Db } from '../src/platform/db/index.js';
import { migrate } from '../src/platform/db/migrate.js';

export interface BenchDatabase {
  db: Db;
  /** What was measured against, for the report (no credentials). */
  label: string;
  /** Closes the database and deletes it (drops the PostgreSQL database, removes the PGlite folder). */
  dispose(): Promise<void>;
}

/** The password of every seeded account (they share one hash of it). */
export const PASSWORD = 'bench-Correct-Horse-4217';

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
    return { db, label: `PostgreSQL ${await serverVersion(db)} (database ${name}, pool of 10)`, dispose };
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
    return { db, label: `PGlite ${await serverVersion(db)} (embedded, worker thread)`, dispose };
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

/**
 * N active developer accounts, inserted by SQL in one statement, all with the same real argon2id
 * hash (hashing once keeps the seed instant; verifying costs the same whatever the hash).
 */
export async function seedAccounts(db: Db, count: number, passwordHash: string): Promise<SeededAccount[]> {
  await db.query(
    `INSERT INTO accounts (username, phone, email, password_hash, created_at, updated_at)
     SELECT 'bench_user_' || i, '+86138' || lpad(i::text, 8, '0'), 'bench-user-' || i || '@example.com', $1, now(), now()
       FROM generate_series(1, $2::int) AS i`,
    [passwordHash, count],
  );
  const { rows } = await db.query<SeededAccount>('SELECT phone, email FROM accounts ORDER BY username');
  if (rows.length !== count) throw new Error(`seeded ${rows.length} accounts, expected ${count}`);
  return rows;
}
