import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The embedded database (PGlite) is one process's: a second opener corrupts or loses writes. */
export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dataDir: string,
  ) {
    super(`the embedded database in ${dataDir} is in use by process ${pid}`);
    this.name = 'DataDirLockedError';
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `DATA_DIR/server.lock` (this process's pid) for as long as the embedded database is
 * open: the server holds it while it runs, the operator commands while they work. A lock left by
 * a process that is gone (a crash, kill -9) is taken over. Throws DataDirLockedError when a live
 * process holds it. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx': fails if the file exists, so two processes starting at once cannot both win.
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(pid, dataDir);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take ${file}`);
}

/** The one sentence an operator command prints when the server holds the embedded database. */
export function lockedMessage(error: DataDirLockedError, command: string): string {
  return (
    `The server (process ${error.pid}) is running on the embedded database in ${error.dataDir}: ` +
    `stop it first, then run \`${command}\` again (or run both on PostgreSQL with DATABASE_URL).`
  );
}
