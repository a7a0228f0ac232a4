import { AUDIT_INSERT, auditParams, type AuditRow } from '../../platform/audit-repository.js';
import type { Queryable } from '../../platform/db/index.js';
import type { NewSessionRow } from '../../platform/sessions/repository.js';

/**
 * The log-in's writes, each in ONE statement (data-modifying CTEs: atomic without BEGIN/COMMIT,
 * one round trip, one commit) and prepared once per connection. A successful log-in costs two
 * round trips in all (the account look-up, then this), a failed one two as well, the same two
 * whether or not the account exists (issue 14, finding 2).
 */
export function createLoginRepository() {
  return {
    /** Clears the failure counter (when set), inserts the session and its `login` audit row. */
    async startSession(q: Queryable, session: NewSessionRow, audit: AuditRow) {
      await q.query(
        `WITH cleared AS (
           UPDATE accounts SET failed_login_count = 0, last_failed_login_at = NULL
            WHERE id = $1 AND failed_login_count > 0
         ), session AS (
           INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending)
           VALUES ($2, $1, $3, $3, $4, $5, $6, $7)
         )
         ${AUDIT_INSERT} VALUES ($8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          session.accountId,
          session.tokenHash,
          session.now,
          session.expiresAt,
          session.ip,
          session.userAgent,
          session.mfaPending,
          ...auditParams(audit),
        ],
        { name: 'login_start_session' },
      );
    },

    /**
     * A wrong password: the failure counter of `accountId` (an id no row has for an unknown
     * account: the same update, on nothing) and the audit row, in one statement.
     */
    async recordFailure(q: Queryable, accountId: string, now: Date, audit: AuditRow) {
      await q.query(
        `WITH failed AS (
           UPDATE accounts SET failed_login_count = failed_login_count + 1, last_failed_login_at = $2 WHERE id = $1
         )
         ${AUDIT_INSERT} VALUES ($3, $4, $5, $6, $7, $8, $9, $10)`,
        [accountId, now, ...auditParams(audit)],
        { name: 'login_record_failure' },
      );
    },
  };
}

export type LoginRepository = ReturnType<typeof createLoginRepository>;
