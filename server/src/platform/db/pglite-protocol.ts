/**
 * The messages between the server's thread and the PGlite worker thread (pglite-thread.ts,
 * pglite-worker.ts). One request, one reply, matched by `id`. A transaction is a `begin` that
 * answers with a transaction id once PGlite's single connection is held for it, the statements
 * that name that id, and a `commit` or `rollback` that releases the connection.
 */
export type Request =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined; tx: number | null }
  | { id: number; op: 'exec'; sql: string; tx: number | null }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError }
  /** Sent once, when PGlite has opened the data folder (or failed to: `error`). */
  | { id: 0; ready: true }
  | { id: 0; ready: false; error: SerializedError };

/** A thrown error as plain fields: the message and what errors.ts reads (code, constraint, hint…). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean>;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean;
  }
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), fields };
}

/** The error again, with the same name, message and structured fields (SQLSTATE `code`, `constraint`, `hint`…). */
export function deserializeError(serialized: SerializedError): Error {
  const error = Object.assign(new Error(serialized.message), serialized.fields);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
