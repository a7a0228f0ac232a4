import type { Me } from '@devplat/common';
import type { CertificationState, DeveloperType } from '../certification-status.js';
import type { Queryable } from '../db/index.js';

export interface SessionRow {
  session_id: string;
  last_seen_at: Date;
  mfa_pending: boolean;
  account_id: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: Me['role'];
  created_at: Date;
  /** The account's certification row, joined in (all null when nothing was submitted). */
  cert_type: DeveloperType | null;
  cert_state: CertificationState | null;
  cert_deadline: string | null;
  cert_reject_reason: string | null;
}

/** A session row to insert (the token itself is never stored, only its SHA-256). */
export interface NewSessionRow {
  tokenHash: Buffer;
  accountId: string;
  now: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string | null;
  mfaPending: boolean;
}

export interface SessionListRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/**
 * A new session's insert up to its values: `${SESSION_INSERT} VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`
 * with `sessionParams(row)` (created_at and last_seen_at are both the row's `now`).
 */
export const SESSION_INSERT = `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending)`;

/** The row's parameters in SESSION_INSERT's order, `now` once. */
export const sessionParams = (row: NewSessionRow) => [
  row.tokenHash,
  row.accountId,
  row.now,
  row.expiresAt,
  row.ip,
  row.userAgent,
  row.mfaPending,
];

/** SQL on the sessions table. Every timeout and rate comes in as a parameter: the rules are the service's. */
export function createSessionsRepository() {
  return {
    async insert(q: Queryable, row: NewSessionRow) {
      await q.query(`${SESSION_INSERT} VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`, sessionParams(row));
    },

    async passMfa(q: Queryable, sessionId: string) {
      await q.query('UPDATE sessions SET mfa_pending = false WHERE id = $1', [sessionId]);
    },

    /**
     * The session of a token if it is open, not past its absolute expiry, seen after
     * `seenAfter` (the shortest idle cut-off of any role) and its account active, with the
     * account's certification: every signed-in request (and all of `GET /me`) in one query, three
     * primary-key or unique-index look-ups (`sessions_token_hash_key`, `accounts_pkey`,
     * `certifications_pkey`), prepared once per connection. Plans: docs/benchmark.md.
     */
    async findLive(q: Queryable, tokenHash: Buffer, now: Date, seenAfter: Date): Promise<SessionRow | null> {
      const { rows } = await q.query<SessionRow>(
        `SELECT s.id AS session_id, s.last_seen_at, s.mfa_pending, a.id AS account_id, a.username,
                a.phone, a.email, a.role, a.created_at,
                c.type AS cert_type, c.state AS cert_state, to_char(c.deadline, 'YYYY-MM-DD') AS cert_deadline,
                c.reject_reason AS cert_reject_reason
           FROM sessions s JOIN accounts a ON a.id = s.account_id
           LEFT JOIN certifications c ON c.account_id = a.id
          WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
            AND a.status = 'active'`,
        // ISO strings: pg's own Date formatting (local time and offset) cost 1 % of a /me.
        [tokenHash, now.toISOString(), seenAfter.toISOString()],
        { name: 'session_find_live' },
      );
      return rows[0] ?? null;
    },

    async touch(q: Queryable, sessionId: string, now: Date) {
      await q.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [sessionId, now], {
        name: 'session_touch',
      });
    },

    /** An account's open sessions seen after `seenAfter`, newest activity first. */
    async listLive(q: Queryable, accountId: string, now: Date, seenAfter: Date): Promise<SessionListRow[]> {
      const { rows } = await q.query<SessionListRow>(
        `SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions
          WHERE account_id = $1 AND ended_at IS NULL AND expires_at > $2 AND last_seen_at > $3
          ORDER BY last_seen_at DESC`,
        [accountId, now, seenAfter],
      );
      return rows;
    },

    /** Ends one session of this account; false when the id is not one of its open sessions. */
    async endOwn(q: Queryable, accountId: string, sessionId: string, now: Date, reason: string): Promise<boolean> {
      const { rowCount } = await q.query(
        'UPDATE sessions SET ended_at = $3, end_reason = $4 WHERE id = $1 AND account_id = $2 AND ended_at IS NULL',
        [sessionId, accountId, now, reason],
      );
      return rowCount === 1;
    },

    async end(q: Queryable, sessionId: string, now: Date, reason: string) {
      await q.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [
        sessionId,
        now,
        reason,
      ]);
    },

    /** Ends every open session of an account except `keep`; the number ended. */
    async endAllFor(q: Queryable, accountId: string, now: Date, reason: string, keep: string | null) {
      const { rowCount } = await q.query(
        `UPDATE sessions SET ended_at = $2, end_reason = $3
            WHERE account_id = $1 AND ended_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid)`,
        [accountId, now, reason, keep],
      );
      return rowCount;
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
