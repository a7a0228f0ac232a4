import type { Db, Queryable } from '../src/platform/db/index.js';

/** One statement a test saw: its SQL (whitespace folded), its statement name and its parameters. */
export interface Seen {
  sql: string;
  name: string | undefined;
  params: unknown[];
}

/** A database with every statement recorded into `seen` (`tx` counted as one BEGIN…COMMIT in `txs`). */
export function recording(db: Db, seen: Seen[], txs: { n: number } = { n: 0 }): Db {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params, options) => {
      seen.push({ sql: sql.replace(/\s+/g, ' ').trim(), name: options?.name, params: params ?? [] });
      return q.query(sql, params, options);
    },
    exec: (sql) => q.exec(sql),
  });
  return {
    ...db,
    ...wrap(db),
    tx: (fn) => {
      txs.n++;
      return db.tx((q) => fn(wrap(q)));
    },
  };
}
