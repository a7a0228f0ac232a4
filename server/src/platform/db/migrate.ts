import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config.js';
import type { Db } from './index.js';

/** The .sql files stay in the source tree; the compiled server (server/dist) reads them there too. */
const migrationsDir = path.join(repoRoot, 'server', 'src', 'migrations');

/**
 * Applies the numbered SQL files in src/migrations that have not run yet, in order, all in one
 * transaction: either every pending file is applied or none is. The same files serve PGlite and
 * PostgreSQL. An advisory lock held by that transaction keeps two nodes starting at once from
 * applying the same file twice.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(727001)');
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await q.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await q.exec(readFileSync(path.join(migrationsDir, file), 'utf8'));
      await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}
