import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDb } from '../src/platform/db/index.js';
import { checksumOf, migrate } from '../src/platform/db/migrate.js';
import { accountFailureKey } from '../src/platform/login-failures-repository.js';
import { leaseTestDb } from './databases.js';
import { failedLogins } from './harness.js';

const source = path.resolve(import.meta.dirname, '..', 'src', 'migrations');
let lease: Awaited<ReturnType<typeof leaseTestDb>>;
beforeAll(async () => {
  lease = await leaseTestDb();
});
afterAll(async () => {
  // Leave the pooled database as every other file expects it: migrated, with checksums.
  await migrate(lease.db);
  await lease.release();
});

/** A copy of the migrations folder a test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'devplat-migrations-'));
  cpSync(source, dir, { recursive: true });
  return dir;
}

describe('migration checksums', () => {
  it('records the checksum of every applied file', async () => {
    const { rows } = await lease.db.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations ORDER BY name',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.checksum).toBe(checksumOf(readFileSync(path.join(source, row.name), 'utf8')));
  });

  it('refuses to start when an applied file was edited, naming the file', async () => {
    const dir = copyOfMigrations();
    const file = path.join(dir, '0002_flow_tickets.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- an innocent-looking edit\n`);
    await expect(migrate(lease.db, { dir })).rejects.toThrow(
      /migration 0002_flow_tickets\.sql was edited after it was applied.*new migration/,
    );
    // Line endings alone are not an edit (a Windows checkout).
    const crlf = copyOfMigrations();
    const other = path.join(crlf, '0002_flow_tickets.sql');
    writeFileSync(other, readFileSync(other, 'utf8').replace(/\n/g, '\r\n'));
    await expect(migrate(lease.db, { dir: crlf })).resolves.toEqual([]);
  });

  it('upgrades a database from before checksums: the column is added and filled from the files', async () => {
    await lease.db.exec('ALTER TABLE schema_migrations DROP COLUMN checksum');
    expect(await migrate(lease.db)).toEqual([]);
    const { rows } = await lease.db.query<{ missing: number }>(
      'SELECT count(*) AS missing FROM schema_migrations WHERE checksum IS NULL',
    );
    expect(Number(rows[0]!.missing)).toBe(0);
  });

  it('names the file whose SQL fails', async () => {
    const dir = copyOfMigrations();
    writeFileSync(path.join(dir, '9999_broken.sql'), 'CREATE TABLE broken (;');
    await expect(migrate(lease.db, { dir })).rejects.toThrow(/migration 9999_broken\.sql failed/);
    // Rolled back: nothing recorded.
    const { rows } = await lease.db.query("SELECT 1 FROM schema_migrations WHERE name = '9999_broken.sql'");
    expect(rows).toEqual([]);
  });
});

describe('0018: the account failure counters move to login_failures', () => {
  it('carries each account’s count and last failure over, under the key the app computes', async () => {
    // A database migrated up to 0017, with counters in the old columns.
    const old = mkdtempSync(path.join(tmpdir(), 'devplat-migrations-'));
    for (const name of readdirSync(source).filter((f) => f < '0018'))
      cpSync(path.join(source, name), path.join(old, name));
    const instance = await PGlite.create();
    const db = pgliteDb(instance);
    try {
      await migrate(db, { dir: old });
      const at = new Date('2026-11-30T08:00:00Z');
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO accounts (username, phone, password_hash, failed_login_count, last_failed_login_at, created_at, updated_at)
         VALUES ('counted', '+8613800000000', 'x', 7, $1, $1, $1), ('clean', '+8613800000001', 'x', 0, NULL, $1, $1)
         RETURNING id`,
        [at],
      );
      await migrate(db);
      const moved = await db.query<{ key: string; failed_count: number; last_failed_at: Date }>(
        'SELECT key, failed_count, last_failed_at FROM login_failures',
      );
      expect(moved.rows).toEqual([{ key: accountFailureKey(rows[0]!.id), failed_count: 7, last_failed_at: at }]);
      expect(await failedLogins(db, { id: rows[0]!.id })).toBe(7);
      expect(await failedLogins(db, { id: rows[1]!.id })).toBe(0);
      // An erased account's counter goes with it.
      await db.query('DELETE FROM accounts WHERE id = $1', [rows[0]!.id]);
      expect((await db.query('SELECT 1 FROM login_failures')).rows).toEqual([]);
    } finally {
      await instance.close();
    }
  });
});
