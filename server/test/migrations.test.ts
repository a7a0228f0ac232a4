import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumOf, migrate } from '../src/platform/db/migrate.js';
import { leaseTestDb } from './databases.js';

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
