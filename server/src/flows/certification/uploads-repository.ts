import type { Queryable } from '../../platform/db/index.js';
import type { Mime, UploadKind } from './uploads.js';

/** SQL on uploads: sealed bytes in, sealed bytes out; the checks and the crypto are the uploads service's. */
export function createUploadsRepository() {
  return {
    async insert(
      q: Queryable,
      row: {
        accountId: string;
        kind: UploadKind;
        mime: Mime;
        size: number;
        envelope: string;
        content: Buffer;
        now: Date;
      },
    ): Promise<string> {
      const { rows } = await q.query<{ id: string }>(
        `INSERT INTO uploads (account_id, kind, mime, size, envelope, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [row.accountId, row.kind, row.mime, row.size, row.envelope, row.content, row.now],
      );
      return rows[0]!.id;
    },

    /** The file if it belongs to `ownerId` (any owner when null). */
    async find(q: Queryable, id: string, ownerId: string | null) {
      const { rows } = await q.query<{ kind: UploadKind; mime: Mime; envelope: string; content: Buffer }>(
        `SELECT kind, mime, envelope, content FROM uploads WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2::uuid)`,
        [id, ownerId],
      );
      return rows[0] ?? null;
    },

    async kindsOf(q: Queryable, accountId: string, ids: string[]) {
      const { rows } = await q.query<{ id: string; kind: UploadKind }>(
        'SELECT id, kind FROM uploads WHERE account_id = $1 AND id = ANY($2::uuid[])',
        [accountId, ids],
      );
      return rows;
    },
  };
}

export type UploadsRepository = ReturnType<typeof createUploadsRepository>;
