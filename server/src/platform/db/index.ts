import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPgliteWorker } from './pglite-worker.js';

/**
 * A hot query's statement name: PostgreSQL parses and plans it once per connection and then only
 * binds and executes it (node-postgres's named prepared statements). One name, one SQL text.
 * PGlite ignores it (one connection in the process; nothing to save on the wire).
 */
export interface QueryOptions {
  name?: string;
}

/** What a repository needs: parameterised SQL. */
export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The database: PGlite (embedded) or a PostgreSQL pool, behind one small interface. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The pool's connections and waiting queries (PostgreSQL); absent on PGlite. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Pool and session settings of a PostgreSQL connection (config.db). */
export interface PgSettings {
  poolSize: number;
  connectTimeoutMs: number;
  /** 0: no limit. */
  statementTimeoutMs: number;
  /** 0: no limit. */
  idleInTransactionTimeoutMs: number;
  applicationName: string;
}

/**
 * A PGlite opened in this thread as a `Db`: its queries run on the caller's event loop. The
 * test harness uses it (a migrated template loads faster in-process); the server opens the
 * embedded database off its event loop with `openPglite`.
 */
export function pgliteDb(instance: PGlite): Db {
  const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    const result = await q.query<T>(sql, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(instance, sql, params),
    exec: async (sql) => void (await instance.exec(sql)),
    tx: (fn) =>
      instance.transaction((t) =>
        fn({ query: (sql, params) => run(t, sql, params), exec: async (sql) => void (await t.exec(sql)) }),
      ),
    close: () => instance.close(),
  };
}

/**
 * Opens the embedded database kept in `dataDir` (created on first use) in a worker thread
 * (pglite-worker.ts), so that its queries do not run on the server's event loop.
 */
export function openPglite(dataDir: string): Promise<Db> {
  return openPgliteWorker(dataDir);
}

// int8 (count(*), bigint) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** `settings` may be just the pool size (tests); the timeouts then stay PostgreSQL's defaults. */
export function postgresDb(connectionString: string, settings: PgSettings | number = 10): Db {
  const pool = new pg.Pool(
    typeof settings === 'number'
      ? { connectionString, max: settings }
      : {
          connectionString,
          max: settings.poolSize,
          connectionTimeoutMillis: settings.connectTimeoutMs,
          // Sent as start-up parameters of every connection: a runaway query or a transaction
          // left open by a bug is ended by the server instead of holding locks and a connection.
          statement_timeout: settings.statementTimeoutMs,
          idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
          application_name: settings.applicationName,
          // A server that stops answering mid-statement (network cut, SIGSTOP) is not seen by
          // statement_timeout: the client's own bound, after the server's had its chance.
          ...(settings.statementTimeoutMs > 0 ? { query_timeout: settings.statementTimeoutMs + 2000 } : {}),
          keepAlive: true,
        },
  );
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[], options?: QueryOptions) => {
    const result = options?.name
      ? await q.query({ name: options.name, text: sql, values: params })
      : await q.query(sql, params);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params, options) => run(pool, sql, params, options),
    exec: async (sql) => void (await pool.query(sql)),
    async tx(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a connection lost between two statements
      // (argon2 running inside the transaction) would be an unhandled 'error' and kill the node.
      // The next statement fails instead, the transaction is rolled back by the server.
      const lost = () => undefined;
      client.on('error', lost);
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params, options) => run(client, sql, params, options),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A rollback that fails means the connection is gone: destroy it, never pool it again.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
