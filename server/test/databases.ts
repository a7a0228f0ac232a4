import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { pgliteDb, postgresDb, type Db } from '../src/platform/db/index.js';

/**
 * Migrated databases for the test files of one vitest worker.
 *
 * Loading a PGlite from the migrated dump costs about a second of WASM start-up and restore, and
 * cloning a PostgreSQL template database a checkpoint; paying either once per test file was the
 * suite's biggest fixed cost. Files of one worker run one after the other (the projects run with
 * `isolate: false`, so this module lives as long as the worker), so each worker keeps the databases
 * it opened and hands them out again after emptying every table — what Supabase's test set-up
 * does with a truncation between files. A file that holds two apps at once gets a second database.
 */
interface Pooled {
  db: Db;
  /** Empties every table but the migration log, so the next file starts from a just-migrated database. */
  reset(): Promise<void>;
  /** Releases it for good (end of the worker). */
  destroy(): Promise<void>;
}

const free: Pooled[] = [];

/** Every table the migrations made, except their own log, emptied in one statement. */
async function truncateAll(db: Db): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  // TRUNCATE fires no row triggers, so the append-only audit table and the kept approved
  // certifications empty too; RESTART IDENTITY gives every file the same sequence values.
  if (rows.length > 0) await db.exec(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}

async function openPglite(): Promise<Pooled> {
  const instance = await PGlite.create({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
  const db = pgliteDb(instance);
  return { db, reset: () => truncateAll(db), destroy: () => instance.close() };
}

async function openPostgres(): Promise<Pooled> {
  const url = process.env.TEST_DATABASE_URL!;
  // Named after this run's template, so the run's global teardown finds every clone it left.
  const name = `${inject('postgresTemplate')}_c_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = postgresDb(target.toString(), { max: 10 });
  return {
    db,
    reset: () => truncateAll(db),
    destroy: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

let exitHooked = false;

/**
 * A just-migrated database for one app of a test file; `release` gives it back emptied. The
 * `Db`'s own `close` is disabled: the pool owns the connection.
 */
export async function leaseTestDb(): Promise<{ db: Db; release: () => Promise<void> }> {
  const pooled = free.pop() ?? (await (process.env.TEST_DB_KIND === 'postgres' ? openPostgres() : openPglite()));
  if (!exitHooked) {
    exitHooked = true;
    // The worker ends after its last file: drop the PostgreSQL clones it made (PGlite dies with it).
    process.once('beforeExit', () => void Promise.all(free.splice(0).map((p) => p.destroy())));
  }
  let released = false;
  const db: Db = { ...pooled.db, close: async () => undefined };
  return {
    db,
    release: async () => {
      if (released) return;
      released = true;
      try {
        await pooled.reset();
        free.push(pooled);
      } catch {
        // A database that cannot be emptied is not handed out again.
        await pooled.destroy().catch(() => undefined);
      }
    },
  };
}
