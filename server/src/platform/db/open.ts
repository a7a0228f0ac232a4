import { openPglite, postgresDb, type Db, type PgSettings } from './index.js';

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else embedded PGlite. */
export async function openDatabase(config: {
  databaseUrl: string | null;
  dataDir: string;
  db: PgSettings;
}): Promise<Db> {
  return config.databaseUrl ? postgresDb(config.databaseUrl, config.db) : openPglite(`${config.dataDir}/pglite`);
}
