import type { CertificationStatusRepository } from './certification-status-repository.js';
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
export type CertificationStatusOf = (q: Queryable, accountId: string) => Promise<CertificationStatus>;

/** The certification row's columns as the status reads them (null: nothing submitted yet). */
export interface CertificationRow {
  type: DeveloperType;
  state: CertificationState;
  deadline: string | null;
  reject_reason: string | null;
}

/** The status of a certification row; also used on the row the session query joins in. */
export function certificationStatusOf(row: CertificationRow | null): CertificationStatus {
  if (!row) return { type: null, state: 'unsubmitted', deadline: null, rejectReason: null };
  return {
    type: row.type,
    state: row.state,
    // The deadline means something only while a decision is awaited.
    deadline: row.state === 'pending' ? row.deadline : null,
    rejectReason: row.reject_reason,
  };
}

export function createCertificationStatus(repo: CertificationStatusRepository): CertificationStatusOf {
  return async (q, accountId) => certificationStatusOf(await repo.find(q, accountId));
}
