import type { Clock } from '../clock.js';
import { newToken, sha256 } from '../crypto.js';
import type { Queryable } from '../db/index.js';

export interface SessionAccount {
  sessionId: string;
  accountId: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: 'developer' | 'reviewer' | 'admin';
  createdAt: Date;
  /** A staff session whose TOTP is not verified yet: only the second-factor routes accept it. */
  mfaPending: boolean;
}

/** Last-seen is written at most this often: idle timeouts are exact to within this many seconds. */
const TOUCH_EVERY_SECONDS = 60;

/**
 * Server-side sessions (SECURITY 18–21): a 256-bit opaque token goes to the cookie, only its
 * SHA-256 is stored; idle and absolute timeouts are checked here on every request.
 */
export function createSessions(deps: {
  db: Queryable;
  clock: Clock;
  idleSeconds: number;
  absoluteSeconds: number;
  /** Staff sessions are shorter (reviewers and admins see personal data). */
  staffIdleSeconds: number;
  staffAbsoluteSeconds: number;
}) {
  const { db, clock } = deps;
  return {
    absoluteSeconds: deps.absoluteSeconds,

    /** A new session; a staff session starts half-open, waiting for its TOTP (SECURITY 16). */
    async create(q: Queryable, input: { accountId: string; ip: string; userAgent: string | null; staff?: boolean }) {
      const token = newToken();
      const now = clock.now();
      const lifetime = input.staff ? deps.staffAbsoluteSeconds : deps.absoluteSeconds;
      await q.query(
        `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
        [
          sha256(token),
          input.accountId,
          now,
          new Date(now.getTime() + lifetime * 1000),
          input.ip,
          input.userAgent,
          input.staff === true,
        ],
      );
      return token;
    },

    cookieSeconds: (staff: boolean) => (staff ? deps.staffAbsoluteSeconds : deps.absoluteSeconds),

    async passMfa(sessionId: string) {
      await db.query('UPDATE sessions SET mfa_pending = false WHERE id = $1', [sessionId]);
    },

    /** The live session of a token, or null; refreshes last-seen. */
    async resolve(token: string): Promise<SessionAccount | null> {
      const now = clock.now();
      const { rows } = await db.query<{
        session_id: string;
        last_seen_at: Date;
        account_id: string;
        username: string;
        phone: string | null;
        email: string | null;
        role: SessionAccount['role'];
        created_at: Date;
        mfa_pending: boolean;
      }>(
        `SELECT s.id AS session_id, s.last_seen_at, s.mfa_pending, a.id AS account_id, a.username, a.phone, a.email,
                a.role, a.created_at
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2
            AND s.last_seen_at > CASE WHEN a.role = 'developer' THEN $3::timestamptz ELSE $4::timestamptz END
            AND a.status = 'active'`,
        [
          sha256(token),
          now,
          new Date(now.getTime() - deps.idleSeconds * 1000),
          new Date(now.getTime() - deps.staffIdleSeconds * 1000),
        ],
      );
      const row = rows[0];
      if (!row) return null;
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_SECONDS * 1000) {
        await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
      }
      return {
        sessionId: row.session_id,
        accountId: row.account_id,
        username: row.username,
        phone: row.phone,
        email: row.email,
        role: row.role,
        createdAt: row.created_at,
        mfaPending: row.mfa_pending,
      };
    },

    /** An account's live sessions, newest activity first. */
    async listFor(accountId: string) {
      const now = clock.now();
      const { rows } = await db.query<{
        id: string;
        created_at: Date;
        last_seen_at: Date;
        ip: string | null;
        user_agent: string | null;
      }>(
        `SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions
          WHERE account_id = $1 AND ended_at IS NULL AND expires_at > $2 AND last_seen_at > $3
          ORDER BY last_seen_at DESC`,
        [accountId, now, new Date(now.getTime() - deps.idleSeconds * 1000)],
      );
      return rows;
    },

    /** Ends one session of this account; false when the id is not one of its live sessions. */
    async endOwn(accountId: string, sessionId: string, reason: string): Promise<boolean> {
      const { rowCount } = await db.query(
        'UPDATE sessions SET ended_at = $3, end_reason = $4 WHERE id = $1 AND account_id = $2 AND ended_at IS NULL',
        [sessionId, accountId, clock.now(), reason],
      );
      return rowCount === 1;
    },

    async end(sessionId: string, reason: string) {
      await db.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [
        sessionId,
        clock.now(),
        reason,
      ]);
    },

    /** Ends the account's sessions other than `keep`, outside any transaction. */
    endOthers(accountId: string, keep: string, reason: string) {
      return endAllFor(db, accountId, reason, keep);
    },

    endAllFor,
  };

  /** Ends every live session of an account except `keep` (password change, reset, disable). */
  async function endAllFor(q: Queryable, accountId: string, reason: string, keep: string | null = null) {
    const { rowCount } = await q.query(
      `UPDATE sessions SET ended_at = $2, end_reason = $3
          WHERE account_id = $1 AND ended_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid)`,
      [accountId, clock.now(), reason, keep],
    );
    return rowCount;
  }
}

export type Sessions = ReturnType<typeof createSessions>;
