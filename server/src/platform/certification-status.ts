import type { Queryable } from './db/index.js';

export type DeveloperType = 'enterprise' | 'personal';
export type CertificationState = 'unsubmitted' | 'pending' | 'approved' | 'rejected';

export interface CertificationStatus {
  type: DeveloperType | null;
  state: CertificationState;
  /** Expected decision date (YYYY-MM-DD, China Standard Time) while pending. */
  deadline: string | null;
  rejectReason: string | null;
}

/** Where an account stands: used by /me, App management and the device quota. */
export async function certificationStatus(q: Queryable, accountId: string): Promise<CertificationStatus> {
  const { rows } = await q.query<{
    type: DeveloperType;
    state: CertificationState;
    deadline: string;
    reject_reason: string | null;
  }>(
    `SELECT type, state, to_char(deadline, 'YYYY-MM-DD') AS deadline, reject_reason FROM certifications WHERE account_id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (!row) return { type: null, state: 'unsubmitted', deadline: null, rejectReason: null };
  return {
    type: row.type,
    state: row.state,
    deadline: row.state === 'pending' ? row.deadline : null,
    rejectReason: row.reject_reason,
  };
}
