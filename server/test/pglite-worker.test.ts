import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/platform/db/index.js';
import { isDatabaseUnavailable, isUniqueViolation } from '../src/platform/db/errors.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openDatabase } from '../src/platform/db/open.js';

/**
 * The embedded database as the server opens it (no DATABASE_URL): PGlite in a worker thread
 * (platform/db/pglite-worker.ts), on a data folder, with the real migrations. The other test
 * files use an in-process PGlite loaded from a migrated template (test/databases.ts): faster to
 * hand out, and the same SQL.
 */
const migrationsDir = path.join(import.meta.dirname, '..', 'src', 'migrations');
const settings = {
  poolSize: 1,
  connectTimeoutMs: 0,
  statementTimeoutMs: 0,
  idleInTransactionTimeoutMs: 0,
  applicationName: 'test',
};

/** Event-loop turns (setImmediate callbacks) this thread completes while `work` is pending. */
async function turnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  await work.finally(() => (done = true));
  return turns;
}

describe.runIf(process.env.TEST_DB_KIND === 'pglite')('the embedded database in a worker thread', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'devplat-pglite-worker-'));
  const open = () => openDatabase({ databaseUrl: null, dataDir, db: settings });
  let db: Db;

  beforeAll(async () => {
    db = await open();
    await db.exec('CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL)');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every migration on a new data folder, and none again', async () => {
    const files = readdirSync(migrationsDir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f));
    expect(await migrate(db)).toHaveLength(files.length);
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]?.n).toBe(files.length);
  }, 120_000);

  it('runs parameterised statements, with row counts and typed values', async () => {
    const inserted = await db.query('INSERT INTO probe (id, note) VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ id: number; note: string; at: Date; bytes: Uint8Array }>(
      `SELECT id, note, now() AS at, $2::bytea AS bytes FROM probe WHERE id = $1`,
      [2, Buffer.from([1, 2, 3])],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 2, note: 'two' });
    expect(rows[0]?.at).toBeInstanceOf(Date);
    expect(Array.from(rows[0]?.bytes ?? [])).toEqual([1, 2, 3]);
  });

  it('keeps the structured fields of a database error (SQLSTATE, constraint) for errors.ts', async () => {
    const error = await db.query('INSERT INTO probe (id, note) VALUES (1, $1)', ['again']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isUniqueViolation(error, 'probe_pkey')).toBe(true);
    expect((error as Error).message).toMatch(/duplicate key/);
  });

  it('commits a transaction, and rolls one back when it throws', async () => {
    await db.tx(async (q) => {
      await q.query('INSERT INTO probe (id, note) VALUES (10, $1)', ['kept']);
      await q.query('UPDATE probe SET note = $1 WHERE id = 10', ['kept, updated']);
    });
    const failure = await db
      .tx(async (q) => {
        await q.query('INSERT INTO probe (id, note) VALUES (11, $1)', ['lost']);
        throw new Error('the service refuses');
      })
      .catch((e: Error) => e.message);
    expect(failure).toBe('the service refuses');
    const { rows } = await db.query<{ id: number; note: string }>('SELECT id, note FROM probe WHERE id >= 10');
    expect(rows).toEqual([{ id: 10, note: 'kept, updated' }]);
  });

  it('a statement outside a transaction waits for it: one connection, as in-process', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const tx = db.tx(async (q) => {
      await q.query('INSERT INTO probe (id, note) VALUES (20, $1)', ['inside']);
      began();
      await held;
      await q.query('UPDATE probe SET note = $1 WHERE id = 20', ['committed']);
    });
    await begun;
    const outside = db.query<{ note: string }>('SELECT note FROM probe WHERE id = 20');
    release();
    await tx;
    expect((await outside).rows).toEqual([{ note: 'committed' }]);
  });

  it("a long query leaves this thread's event loop free", async () => {
    const query = db.query<{ total: string }>('SELECT sum(x)::text AS total FROM generate_series(1, 3000000) AS x');
    const turns = await turnsDuring(query);
    expect((await query).rows[0]?.total).toBe('4500001500000');
    // In-process, PGlite runs the whole query as one synchronous WASM call: no turn in between.
    expect(turns).toBeGreaterThan(100);
  });

  it('reopens the same data folder with what was committed (a restart), and a closed one is unavailable', async () => {
    await db.close();
    const stale = db;
    const error = await stale.query('SELECT 1').catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);

    db = await open();
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ id: number }>('SELECT id FROM probe ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2, 10, 20]);
  }, 120_000);
});
