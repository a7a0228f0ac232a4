import { openPglite, postgresDb, type Db } from './index.js';

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else embedded PGlite. */
export async function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Db> {
  return config.databaseUrl ? postgresDb(config.databaseUrl) : openPglite(`${config.dataDir}/pglite`);
}
