import type { Queryable } from './db/index.js';

/** SQL over every column sealed by the vault, for key rotation: rows not sealed with `prefix`, and rewrites. */
export function createSealedValuesRepository() {
  const notWith = `NOT LIKE $1 || '%'`;
  return {
    async identitiesNotSealedWith(q: Queryable, prefix: string) {
      const { rows } = await q.query<{ id: string; identity_encrypted: string }>(
        `SELECT id, identity_encrypted FROM certification_submissions WHERE identity_encrypted ${notWith}`,
        [prefix],
      );
      return rows;
    },
    async setIdentity(q: Queryable, id: string, sealed: string) {
      await q.query('UPDATE certification_submissions SET identity_encrypted = $2 WHERE id = $1', [id, sealed]);
    },

    /** Only the ids: the files themselves are read one at a time. */
    async uploadsNotSealedWith(q: Queryable, prefix: string) {
      const { rows } = await q.query<{ id: string }>(`SELECT id FROM uploads WHERE envelope ${notWith}`, [prefix]);
      return rows.map((r) => r.id);
    },
    async upload(q: Queryable, id: string) {
      const { rows } = await q.query<{ envelope: string; content: Buffer }>(
        'SELECT envelope, content FROM uploads WHERE id = $1',
        [id],
      );
      return rows[0] ?? null;
    },
    async setUpload(q: Queryable, id: string, sealed: { envelope: string; content: Buffer }) {
      await q.query('UPDATE uploads SET envelope = $2, content = $3 WHERE id = $1', [
        id,
        sealed.envelope,
        sealed.content,
      ]);
    },

    async totpSecretsNotSealedWith(q: Queryable, prefix: string) {
      const { rows } = await q.query<{ id: string; totp_secret: string }>(
        `SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL AND totp_secret ${notWith}`,
        [prefix],
      );
      return rows;
    },
    async setTotpSecret(q: Queryable, id: string, sealed: string) {
      await q.query('UPDATE accounts SET totp_secret = $2 WHERE id = $1', [id, sealed]);
    },
  };
}

export type SealedValuesRepository = ReturnType<typeof createSealedValuesRepository>;
