/**
 * The PGlite worker thread: opens the embedded database in `workerData.dataDir` and runs the
 * statements the server's thread sends (pglite-worker.ts), so PostgreSQL's work (WASM) never runs
 * on the server's event loop. PGlite has one connection: a transaction holds it from `begin` to
 * `commit`/`rollback`, and every other statement waits for it, as it does in-process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { serializeError, type Reply, type Request } from './pglite-protocol.js';

const port = parentPort!;
const send = (reply: Reply) => port.postMessage(reply);

/** Thrown inside PGlite's transaction callback to make it roll back; never leaves this file. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  q: Transaction;
  /** Ends PGlite's transaction callback: resolve commits, reject(ROLLBACK) rolls back. */
  end: (commit: boolean) => void;
  /** Settles when PGlite has committed or rolled back. */
  done: Promise<void>;
}

const rowsOf = (result: { rows: unknown[]; affectedRows?: number }) => ({
  rows: result.rows,
  rowCount: result.affectedRows ?? result.rows.length,
});

async function main() {
  const { dataDir } = workerData as { dataDir: string };
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    send({ id: 0, ready: false, error: serializeError(error) });
    return;
  }
  const transactions = new Map<number, OpenTransaction>();
  let nextTx = 1;

  const begin = () =>
    new Promise<number>((began, failed) => {
      const id = nextTx++;
      let end!: (commit: boolean) => void;
      const done = db
        .transaction(
          (q) =>
            new Promise<void>((commit, rollback) => {
              end = (ok) => (ok ? commit() : rollback(ROLLBACK));
              transactions.set(id, { q, end, done });
              began(id);
            }),
        )
        .then(
          () => undefined,
          (error) => {
            if (error !== ROLLBACK) throw error;
          },
        )
        .finally(() => transactions.delete(id));
      // BEGIN itself failed (the callback never ran): the caller learns it here.
      done.catch((error) => failed(error));
    });

  const target = (tx: number | null) => {
    if (tx === null) return db;
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    return open.q;
  };

  const handle = async (request: Request): Promise<unknown> => {
    switch (request.op) {
      case 'query':
        return rowsOf(await target(request.tx).query(request.sql, request.params));
      case 'exec':
        await target(request.tx).exec(request.sql);
        return null;
      case 'begin':
        return begin();
      case 'commit':
      case 'rollback': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error(`transaction ${request.tx} is not open`);
        open.end(request.op === 'commit');
        await open.done;
        return null;
      }
      case 'close':
        await db.close();
        return null;
    }
  };

  port.on('message', (request: Request) => {
    handle(request).then(
      (value) => send({ id: request.id, ok: true, value }),
      (error) => send({ id: request.id, ok: false, error: serializeError(error) }),
    );
  });
  send({ id: 0, ready: true });
}

void main();
