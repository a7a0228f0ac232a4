import type { UploadKind } from '@devplat/common';
import type { Queryable } from '../../platform/db/index.js';

export interface QueueRow {
  account_id: string;
  username: string;
  phone: string | null;
  email: string | null;
  type: 'enterprise' | 'personal';
  state: 'pending' | 'approved' | 'rejected';
  version: number;
  name: string;
  submitted_at: Date;
  deadline: string;
}

export interface QueueFilter {
  state?: 'pending' | 'approved' | 'rejected';
  type?: 'enterprise' | 'personal';
  q?: string;
  page: number;
  pageSize: number;
}

/** SQL of the staff review queue. */
export function createReviewRepository(db: Queryable) {
  return {
    /** Pending first, then by deadline (earliest, i.e. most urgent, first). */
    async queue(f: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.state) where.push(`c.state = $${params.push(f.state)}`);
      if (f.type) where.push(`c.type = $${params.push(f.type)}`);
      if (f.q) {
        // Search by company/real name, phone or email; LIKE wildcards in the input are literal.
        const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        const n = params.push(like);
        where.push(
          `(s.fields->>'companyName' ILIKE $${n} OR s.fields->>'realName' ILIKE $${n} OR a.phone ILIKE $${n} OR a.email ILIKE $${n})`,
        );
      }
      const sql = `FROM certifications c JOIN accounts a ON a.id = c.account_id
        JOIN certification_submissions s ON s.id = c.current_submission_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      const [rows, total] = await Promise.all([
        db.query<QueueRow>(
          `SELECT c.account_id, a.username, a.phone, a.email, c.type, c.state, c.version,
                  COALESCE(s.fields->>'companyName', s.fields->>'realName') AS name, c.submitted_at,
                  to_char(c.deadline, 'YYYY-MM-DD') AS deadline
           ${sql}
           ORDER BY (c.state = 'pending') DESC, c.deadline ASC, c.submitted_at ASC
           LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
          [...params, f.pageSize, (f.page - 1) * f.pageSize],
        ),
        db.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params),
      ]);
      return { rows: rows.rows, total: total.rows[0]!.n };
    },

    async account(accountId: string) {
      const { rows } = await db.query<{
        id: string;
        username: string;
        phone: string | null;
        email: string | null;
        role: string;
        status: string;
        locale: 'zh-CN' | 'en';
      }>('SELECT id, username, phone, email, role, status, locale FROM accounts WHERE id = $1', [accountId]);
      return rows[0] ?? null;
    },

    /** The sealed identity of the current submission, or of `submissionId` when it is one of the account's. */
    async identityOf(accountId: string, submissionId?: string): Promise<string | null> {
      const { rows } = await db.query<{ identity_encrypted: string }>(
        submissionId
          ? 'SELECT identity_encrypted FROM certification_submissions WHERE account_id = $1 AND id = $2'
          : `SELECT s.identity_encrypted FROM certifications c JOIN certification_submissions s ON s.id = c.current_submission_id
              WHERE c.account_id = $1`,
        submissionId ? [accountId, submissionId] : [accountId],
      );
      return rows[0]?.identity_encrypted ?? null;
    },

    /** What each upload is (its kind and type), for the files of the submissions shown. */
    async fileKinds(ids: string[]): Promise<Map<string, { kind: UploadKind; mime: string }>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; kind: UploadKind; mime: string }>(
        'SELECT id, kind, mime FROM uploads WHERE id = ANY($1::uuid[])',
        [ids],
      );
      return new Map(rows.map((r) => [r.id, { kind: r.kind, mime: r.mime }]));
    },

    /** Is this upload part of any submission of the account under review? (Staff see only submitted files.) */
    async fileOwner(fileId: string): Promise<string | null> {
      const { rows } = await db.query<{ account_id: string }>(
        'SELECT account_id FROM certification_submissions WHERE $1::uuid = ANY(file_ids) LIMIT 1',
        [fileId],
      );
      return rows[0]?.account_id ?? null;
    },

    async disable(q: Queryable, accountId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE accounts SET status = 'disabled', updated_at = $2 WHERE id = $1 AND role = 'developer' AND status = 'active'`,
        [accountId, now],
      );
      return rowCount === 1;
    },

    async enable(q: Queryable, accountId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE accounts SET status = 'active', updated_at = $2 WHERE id = $1 AND role = 'developer' AND status = 'disabled'`,
        [accountId, now],
      );
      return rowCount === 1;
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
