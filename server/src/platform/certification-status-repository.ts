import type { CertificationRow } from './certification-status.js';
import type { Queryable } from './db/index.js';

/** SQL reading an account's certification row, for the status shared by several flows. */
export function createCertificationStatusRepository() {
  return {
    async find(q: Queryable, accountId: string) {
      const { rows } = await q.query<CertificationRow>(
        `SELECT type, state, to_char(deadline, 'YYYY-MM-DD') AS deadline, reject_reason FROM certifications WHERE account_id = $1`,
        [accountId],
      );
      return rows[0] ?? null;
    },
  };
}

export type CertificationStatusRepository = ReturnType<typeof createCertificationStatusRepository>;
