import { Worker } from 'node:worker_threads';
import type { Db, Queryable } from './index.js';
import { deserializeError, type Reply, type Request } from './pglite-protocol.js';

type Call = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/**
 * The worker's script: the bundled `pglite-thread.js` that server/build.mjs writes beside the
 * bundle's chunks in server/dist; from sources (tsx, vitest) the TypeScript file beside this
 * one, loaded through tsx registered in the worker (a worker does not inherit the loader hooks
 * of its parent, nor does `--import tsx` in its execArgv take effect on Node 20).
 */
function startWorker(dataDir: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./pglite-thread.js', import.meta.url), { workerData: { dataDir } });
  }
  const source = new URL('./pglite-thread.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(code, { eval: true, workerData: { dataDir } });
}

/** SQLSTATE 08006 (connection failure): errors.ts maps it to a 503, as for a lost PostgreSQL. */
const workerGone = (why: string) =>
  Object.assign(new Error(`the embedded database's worker thread ${why}`), { code: '08006' });

/**
 * Opens the embedded database kept in `dataDir` (created on first use) in a worker thread: every
 * statement is a message to it, so PostgreSQL's work (PGlite runs it as WASM) stays off the
 * server's event loop. The same `Db` as in-process PGlite: one connection, a transaction holds it
 * from BEGIN to COMMIT/ROLLBACK and other statements wait meanwhile. Resolves once the data folder
 * is open (PGlite's own start, initdb on a new folder, happens on the worker's thread).
 */
export async function openPgliteWorker(dataDir: string): Promise<Db> {
  const worker = startWorker(dataDir);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        if (reply.ready) resolve();
        else reject(deserializeError(reply.error));
        return;
      }
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.value);
      else call.reject(deserializeError(reply.error));
    });
    const fail = (error: Error) => {
      gone ??= error;
      reject(error);
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    worker.on('error', (error) => fail(Object.assign(workerGone(`failed: ${error.message}`), { cause: error })));
    worker.on('exit', (code) => fail(workerGone(`exited (code ${code})`)));
  });

  const call = <T>(message: Call): Promise<T> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };

  const on = (tx: number | null): Queryable => ({
    query: (sql, params) => call({ op: 'query', sql, params, tx }),
    exec: (sql) => call({ op: 'exec', sql, tx }),
  });

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const outside = on(null);
  return {
    kind: 'pglite',
    query: outside.query,
    exec: outside.exec,
    async tx(fn) {
      const tx = await call<number>({ op: 'begin' });
      let result;
      try {
        result = await fn(on(tx));
      } catch (error) {
        await call({ op: 'rollback', tx }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', tx });
      return result;
    },
    async close() {
      if (!gone) await call({ op: 'close' }).catch(() => undefined);
      gone ??= workerGone('was closed');
      await worker.terminate();
    },
  };
}
