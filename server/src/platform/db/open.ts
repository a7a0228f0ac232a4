import { mkdirSync } from 'node:fs';
import { openPglite, postgresDb, type Db } from './index.js';

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else embedded PGlite. */
export async function openDatabase(config: {
  databaseUrl: string | null;
  dataDir: string;
  databaseConnectTimeoutMs?: number;
  databaseStatementTimeoutMs?: number;
}): Promise<Db> {
  if (config.databaseUrl) {
    return postgresDb(config.databaseUrl, {
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
    });
  }
  // A fresh DATA_DIR in production (no generated secrets were written there to create it).
  mkdirSync(config.dataDir, { recursive: true });
  return openPglite(`${config.dataDir}/pglite`);
}
