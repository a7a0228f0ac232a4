import { isStaff } from '../accounts.js';
import type { Clock } from '../clock.js';
import { newToken, sha256 } from '../crypto.js';
import type { Queryable } from '../db/index.js';
import type { SessionRow, SessionsRepository } from './repository.js';

export interface SessionAccount {
  sessionId: string;
  accountId: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: SessionRow['role'];
  createdAt: Date;
  /** A staff session whose TOTP is not verified yet: only the second-factor routes accept it. */
  mfaPending: boolean;
}

/**
 * Last-seen is written at most this often, and at least four times per idle timeout, so an
 * active session never idles out: with a 1-minute idle timeout a once-a-minute write would
 * act as an absolute timeout (issue 14, finding 8). Idle timeouts are exact to within this.
 */
export const TOUCH_EVERY_SECONDS = 60;
const touchEverySeconds = (idleSeconds: number) => Math.min(TOUCH_EVERY_SECONDS, Math.floor(idleSeconds / 4));

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/**
 * Server-side sessions (SECURITY 18–21): a 256-bit opaque token goes to the cookie, only its
 * SHA-256 is stored; idle and absolute timeouts are checked here on every request.
 *
 * What makes a session a staff session is decided in one place, `policyOf(role)`: the
 * account's role. It sets the absolute lifetime and the TOTP step at creation, and the idle
 * timeout on every request.
 */
export function createSessions(deps: {
  db: Queryable;
  repo: SessionsRepository;
  clock: Clock;
  idleSeconds: number;
  absoluteSeconds: number;
  /** Staff sessions are shorter (reviewers and admins see personal data). */
  staffIdleSeconds: number;
  staffAbsoluteSeconds: number;
}) {
  const { db, repo, clock } = deps;

  const policyOf = (role: SessionRow['role']) =>
    isStaff(role)
      ? { idleSeconds: deps.staffIdleSeconds, absoluteSeconds: deps.staffAbsoluteSeconds, mfa: true }
      : { idleSeconds: deps.idleSeconds, absoluteSeconds: deps.absoluteSeconds, mfa: false };
  /** No session of any role stays alive longer idle than this. */
  const longestIdleSeconds = Math.max(deps.idleSeconds, deps.staffIdleSeconds);

  return {
    absoluteSeconds: deps.absoluteSeconds,

    /** A new session; a staff session starts half-open, waiting for its TOTP (SECURITY 16). */
    async create(
      q: Queryable,
      input: {
        accountId: string;
        role: SessionRow['role'];
        ip: string;
        userAgent: string | null;
        /** Half-open whatever the role: a developer who must enrol a second factor first (mlps). */
        mfaPending?: boolean;
      },
    ) {
      const token = newToken();
      const now = clock.now();
      const policy = policyOf(input.role);
      await repo.insert(q, {
        tokenHash: sha256(token),
        accountId: input.accountId,
        now,
        expiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
        ip: input.ip,
        userAgent: input.userAgent,
        mfaPending: policy.mfa || input.mfaPending === true,
      });
      return token;
    },

    cookieSeconds: (role: SessionRow['role']) => policyOf(role).absoluteSeconds,

    passMfa: (sessionId: string) => repo.passMfa(db, sessionId),

    /** The live session of a token, or null; refreshes last-seen. */
    async resolve(token: string): Promise<SessionAccount | null> {
      const now = clock.now();
      const row = await repo.findLive(db, sha256(token), now, ago(now, longestIdleSeconds));
      const { idleSeconds } = policyOf(row?.role ?? 'developer');
      if (!row || row.last_seen_at <= ago(now, idleSeconds)) return null;
      if (now.getTime() - row.last_seen_at.getTime() >= touchEverySeconds(idleSeconds) * 1000) {
        await repo.touch(db, row.session_id, now);
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
    listFor: (accountId: string) => {
      const now = clock.now();
      return repo.listLive(db, accountId, now, ago(now, deps.idleSeconds));
    },

    /** Ends one session of this account; false when the id is not one of its live sessions. */
    endOwn: (accountId: string, sessionId: string, reason: string) =>
      repo.endOwn(db, accountId, sessionId, clock.now(), reason),

    end: (sessionId: string, reason: string) => repo.end(db, sessionId, clock.now(), reason),

    /** Ends the account's sessions other than `keep`, outside any transaction. */
    endOthers: (accountId: string, keep: string, reason: string) =>
      repo.endAllFor(db, accountId, clock.now(), reason, keep),

    /** Ends every live session of an account except `keep` (password change, reset, disable). */
    endAllFor: (q: Queryable, accountId: string, reason: string, keep: string | null = null) =>
      repo.endAllFor(q, accountId, clock.now(), reason, keep),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
