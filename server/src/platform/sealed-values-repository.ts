import type { Queryable } from './db/index.js';
import type { SealedColumn } from './sealed-columns.js';

/**
 * SQL over any sealed column of the registry (`sealed-columns.ts`), for key rotation. The
 * identifiers come from that constant list; every value is a parameter.
 */
export function createSealedValuesRepository() {
  return {
    /** Ids of rows whose value was not sealed with `prefix` ("<key id>:"), a batch at a time. */
    async idsNotSealedWith(q: Queryable, c: SealedColumn, prefix: string, limit: number): Promise<string[]> {
      const { rows } = await q.query<{ id: string }>(
        `SELECT ${c.id}::text AS id FROM ${c.table}
         WHERE ${c.column} IS NOT NULL AND ${c.column} NOT LIKE $1 || '%' ORDER BY ${c.id} LIMIT $2`,
        [prefix, limit],
      );
      return rows.map((r) => r.id);
    },

    /** One row's sealed value (and, for `bytes`, its ciphertext), read one at a time. */
    async read(q: Queryable, c: SealedColumn, id: string): Promise<{ sealed: string; content: Buffer | null } | null> {
      const { rows } = await q.query<{ sealed: string; content: Buffer | null }>(
        `SELECT ${c.column} AS sealed, ${c.content ?? 'NULL::bytea'} AS content FROM ${c.table} WHERE ${c.id}::text = $1`,
        [id],
      );
      return rows[0] ?? null;
    },

    /**
     * Rewrites the value unless it changed since it was read (a concurrent write already used the
     * active key): compare-and-set on the old sealed value, whose IV makes it unique.
     */
    async write(q: Queryable, c: SealedColumn, id: string, old: string, sealed: string, content?: Buffer) {
      const set = c.content ? `${c.column} = $3, ${c.content} = $4` : `${c.column} = $3`;
      await q.query(`UPDATE ${c.table} SET ${set} WHERE ${c.id}::text = $1 AND ${c.column} = $2`, [
        id,
        old,
        sealed,
        ...(c.content ? [content] : []),
      ]);
    },
  };
}

export type SealedValuesRepository = ReturnType<typeof createSealedValuesRepository>;
