import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config.js';
import type { Db } from './index.js';

/** The .sql files stay in the source tree; the compiled server (server/dist) reads them there too. */
const migrationsDir = path.join(repoRoot, 'server', 'src', 'migrations');

/** A migration that cannot run, or an applied one whose file changed: the message says which and what to do. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** SHA-256 of a migration file, line endings normalised (a Windows checkout must not count as an edit). */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Applies the numbered SQL files in src/migrations that have not run yet, in order, all in one
 * transaction: either every pending file is applied or none is. The same files serve PGlite and
 * PostgreSQL. An advisory lock held by that transaction keeps two nodes starting at once from
 * applying the same file twice.
 *
 * Each applied file's checksum is recorded; when an applied file no longer matches, start-up is
 * refused, since the database would silently differ from what the file now says. Databases
 * from before checksums take the current files' checksums once (the column is added here, by
 * the runner, because it must exist before any file's checksum can be compared).
 */
export async function migrate(db: Db, options: { dir?: string } = {}): Promise<string[]> {
  const dir = options.dir ?? migrationsDir;
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(727001)');
    // Migrations may rewrite big tables: the runtime statement_timeout does not apply to them.
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    const done = new Map(
      (
        await q.query<{ name: string; checksum: string | null }>('SELECT name, checksum FROM schema_migrations')
      ).rows.map((r) => [r.name, r.checksum]),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) {
        const recorded = done.get(file.name);
        if (recorded === null) {
          await q.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [file.name, file.checksum]);
        } else if (recorded !== file.checksum) {
          throw new MigrationError(
            `migration ${file.name} was edited after it was applied (its checksum differs from the one recorded); ` +
              'restore the file as it was and put the change in a new migration',
          );
        }
        continue;
      }
      try {
        await q.exec(file.sql);
      } catch (error) {
        throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
      }
      await q.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
      applied.push(file.name);
    }
    return applied;
  });
}
