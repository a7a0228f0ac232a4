import type { Db, PgSettings } from './index.js';
import { DataDirLockedError, lockDataDir, lockedMessage } from './lock.js';
import { migrate } from './migrate.js';
import { openDatabase } from './open.js';

/**
 * The database for an operator command (`npm run staff`, `npm run maintenance`): on the embedded
 * database it first takes the data folder's lock, so it never writes beside a running server
 * (PGlite is one process's; the server's copy would overwrite or lose the command's writes).
 * Prints one sentence and returns null when the lock is held.
 */
export async function openForCommand(
  config: { databaseUrl: string | null; dataDir: string; db: PgSettings },
  command: string,
): Promise<{ db: Db; close: () => Promise<void> } | null> {
  let release = () => undefined as void;
  if (!config.databaseUrl) {
    try {
      release = lockDataDir(config.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      console.error(lockedMessage(error, command));
      return null;
    }
  }
  try {
    const db = await openDatabase(config);
    await migrate(db);
    return {
      db,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
