import type { DeveloperType } from '../../platform/certification-status.js';
import type { Queryable } from '../../platform/db/index.js';

export interface SubmissionRow {
  id: string;
  account_id: string;
  type: DeveloperType;
  fields: Record<string, string>;
  identity_encrypted: string;
  identity_masked: string;
  file_ids: string[];
  consent_version: string;
  consented_at: Date;
  submitted_at: Date;
  deadline: string;
  decision: 'approved' | 'rejected' | null;
  reject_reason: string | null;
  decided_at: Date | null;
}

export interface NewSubmission {
  accountId: string;
  type: DeveloperType;
  fields: Record<string, string>;
  identityEncrypted: string;
  identityMasked: string;
  identityHmac: Buffer;
  fileIds: string[];
  consentVersion: string;
  now: Date;
  deadline: string;
}

const SUBMISSION_COLUMNS = `id, account_id, type, fields, identity_encrypted, identity_masked, file_ids, consent_version,
  consented_at, submitted_at, to_char(deadline, 'YYYY-MM-DD') AS deadline, decision, reject_reason, decided_at`;

/** SQL of certifications and their submissions. The state machine itself lives in migration 0003. */
export function createCertificationRepository() {
  return {
    async insertSubmission(q: Queryable, s: NewSubmission): Promise<string> {
      const { rows } = await q.query<{ id: string }>(
        `INSERT INTO certification_submissions (account_id, type, fields, identity_encrypted, identity_masked, file_ids,
           consent_version, consented_at, submitted_at, deadline)
         VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $8, $9) RETURNING id`,
        [
          s.accountId,
          s.type,
          JSON.stringify(s.fields),
          s.identityEncrypted,
          s.identityMasked,
          s.fileIds,
          s.consentVersion,
          s.now,
          s.deadline,
        ],
      );
      return rows[0]!.id;
    },

    /** First submission: a new row, pending at version 1. */
    async insertCertification(q: Queryable, s: NewSubmission, submissionId: string) {
      await q.query(
        `INSERT INTO certifications (account_id, type, state, version, current_submission_id, identity_hmac, submitted_at, deadline)
         VALUES ($1, $2, 'pending', 1, $3, $4, $5, $6)`,
        [s.accountId, s.type, submissionId, s.identityHmac, s.now, s.deadline],
      );
    },

    /** Edit or resubmit: only from pending or rejected; returns false when the row is in another state. */
    async resubmit(q: Queryable, s: NewSubmission, submissionId: string): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE certifications SET state = 'pending', version = version + 1, type = $2, current_submission_id = $3,
            identity_hmac = $4, submitted_at = $5, deadline = $6, decided_at = NULL, decided_by = NULL, reject_reason = NULL
          WHERE account_id = $1 AND state IN ('pending', 'rejected')`,
        [s.accountId, s.type, submissionId, s.identityHmac, s.now, s.deadline],
      );
      return rowCount === 1;
    },

    async exists(q: Queryable, accountId: string): Promise<boolean> {
      const { rows } = await q.query('SELECT 1 FROM certifications WHERE account_id = $1', [accountId]);
      return rows.length > 0;
    },

    /**
     * A decision on the pending version the reviewer saw: exactly one of two racing reviewers
     * matches `state = 'pending' AND version = $2` (SECURITY 31).
     */
    async decide(
      q: Queryable,
      d: {
        accountId: string;
        version: number;
        decision: 'approved' | 'rejected';
        reason: string | null;
        reviewerId: string;
        now: Date;
      },
    ): Promise<string | null> {
      const { rows } = await q.query<{ current_submission_id: string }>(
        `UPDATE certifications SET state = $3, version = version + 1, decided_at = $5, decided_by = $6, reject_reason = $4
          WHERE account_id = $1 AND state = 'pending' AND version = $2
        RETURNING current_submission_id`,
        [d.accountId, d.version, d.decision, d.reason, d.now, d.reviewerId],
      );
      const submissionId = rows[0]?.current_submission_id ?? null;
      if (submissionId) {
        await q.query(
          'UPDATE certification_submissions SET decision = $2, reject_reason = $3, decided_at = $4, decided_by = $5 WHERE id = $1',
          [submissionId, d.decision, d.reason, d.now, d.reviewerId],
        );
      }
      return submissionId;
    },

    /**
     * Another account, pending or approved, whose certification carries the same identity (ID
     * number / credit code) as this account's; approved first. What the reviewer is shown.
     */
    async identityConflict(
      q: Queryable,
      accountId: string,
    ): Promise<{ account_id: string; state: 'pending' | 'approved' } | null> {
      const { rows } = await q.query<{ account_id: string; state: 'pending' | 'approved' }>(
        `SELECT o.account_id, o.state FROM certifications c
           JOIN certifications o ON o.identity_hmac = c.identity_hmac AND o.account_id <> c.account_id
          WHERE c.account_id = $1 AND o.state IN ('pending', 'approved')
          ORDER BY (o.state = 'approved') DESC, o.submitted_at ASC LIMIT 1`,
        [accountId],
      );
      return rows[0] ?? null;
    },

    async version(q: Queryable, accountId: string): Promise<number | null> {
      const { rows } = await q.query<{ version: number }>('SELECT version FROM certifications WHERE account_id = $1', [
        accountId,
      ]);
      return rows[0]?.version ?? null;
    },

    async history(q: Queryable, accountId: string): Promise<SubmissionRow[]> {
      const { rows } = await q.query<SubmissionRow>(
        `SELECT ${SUBMISSION_COLUMNS} FROM certification_submissions WHERE account_id = $1 ORDER BY submitted_at DESC, id DESC`,
        [accountId],
      );
      return rows;
    },

    async current(q: Queryable, accountId: string): Promise<SubmissionRow | null> {
      const { rows } = await q.query<SubmissionRow>(
        `SELECT ${SUBMISSION_COLUMNS} FROM certification_submissions
          WHERE id = (SELECT current_submission_id FROM certifications WHERE account_id = $1)`,
        [accountId],
      );
      return rows[0] ?? null;
    },
  };
}

export type CertificationRepository = ReturnType<typeof createCertificationRepository>;
