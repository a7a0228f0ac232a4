import { AUDIT_INSERT, auditParams, type AuditRow } from '../../platform/audit-repository.js';
import type { AccountRow } from '../../platform/accounts.js';
import type { Contact } from '../../platform/contacts.js';
import type { Queryable } from '../../platform/db/index.js';
import { TOUCH_KNOWN_DEVICE, type DeviceSeen } from '../../platform/known-devices-repository.js';
import { ACCOUNT_FAILURES_COLUMNS, CLEAR_FAILURES, COUNT_FAILURES } from '../../platform/login-failures-repository.js';
import { SESSION_INSERT, sessionParams, type NewSessionRow } from '../../platform/sessions/repository.js';

/** What a log-in reads first: the account's id and password hash (if any), and both failure counters. */
export interface LoginLookup {
  account: Pick<AccountRow, 'id' | 'password_hash'> | null;
  /** The account's counter, or the unknown identifier's decoy account counter. */
  accountFailures: { count: number; lastAt: Date | null };
  /** The typed identifier's counter. */
  identifierFailures: { count: number; lastAt: Date | null };
}

/**
 * The log-in's statements, each ONE statement (data-modifying CTEs: atomic without
 * BEGIN/COMMIT, one round trip) and prepared once per connection. A failed log-in costs the
 * look-up and one write, the same two statements with the same rows read and written whether or
 * not the account exists (issue 14, finding 2): the unknown identifier's decoy account counter
 * stands where the account's counter is.
 */
export function createLoginRepository() {
  return {
    /**
     * The account holding `contact` (none for text that is no phone or email), its counter, and
     * the typed identifier's counter: one row always, with the same columns, NULL account columns
     * when unknown and the counter of the decoy account id (`decoyId`) read in the account
     * counter's place (its key computed by the same SQL function as a real account's).
     * Only what a password check needs: the rest of the account (dates, second factors…) is read
     * after a right password, so a wrong one costs the same row parsing for every identifier.
     */
    async lookup(q: Queryable, contact: Contact | null, identifierKey: string, decoyId: string): Promise<LoginLookup> {
      // The column comes from a closed union, never from input.
      const column = contact?.kind === 'email' ? 'email' : 'phone';
      const { rows } = await q.query<{
        id: string | null;
        password_hash: string;
        failed_login_count: number;
        last_failed_login_at: Date | null;
        identifier_failed_count: number;
        identifier_last_failed_at: Date | null;
      }>(
        `SELECT a.id, a.password_hash, ${ACCOUNT_FAILURES_COLUMNS},
                COALESCE(fi.failed_count, 0) AS identifier_failed_count, fi.last_failed_at AS identifier_last_failed_at
           FROM (VALUES (1)) AS one
           LEFT JOIN accounts a ON a.${column} = $1
           LEFT JOIN login_failures af ON af.key = account_failure_key(COALESCE(a.id, $3::uuid))
           LEFT JOIN login_failures fi ON fi.key = $2`,
        [contact?.value ?? null, identifierKey, decoyId],
        { name: `login_lookup_${column}` },
      );
      const row = rows[0]!;
      return {
        account: row.id === null ? null : { id: row.id, password_hash: row.password_hash },
        accountFailures: { count: row.failed_login_count, lastAt: row.last_failed_login_at },
        identifierFailures: { count: row.identifier_failed_count, lastAt: row.identifier_last_failed_at },
      };
    },

    /** Inserts the session and its `login` audit row (the caller clears the counters). */
    async startSession(q: Queryable, session: NewSessionRow, audit: AuditRow) {
      await q.query(
        `WITH session AS (${SESSION_INSERT} VALUES ($1, $2, $3, $3, $4, $5, $6, $7))
         ${AUDIT_INSERT} VALUES ($8, $9, $10, $11, $12, $13, $14, $15)`,
        [...sessionParams(session), ...auditParams(audit)],
        { name: 'login_start_session' },
      );
    },

    /**
     * A log-in from a device the account knows, whole in one statement and one round trip, no
     * BEGIN/COMMIT: the device's row touched, the session, the `login` audit row, and the
     * counters of `clearKeys` cleared in key order. True when done; false when the device is not
     * known (new, or last seen before `device.seenSince`), and then nothing is written: the
     * caller starts the session the long way, with the device noted and its notices queued
     * (`createSessionStarter`). Every other part is gated on the touched row, so the statement
     * writes all or nothing. Row locks come in the order of the long way: the device's row, then
     * the counters' in key order. The device is the session's account's, seen at the session's `now`.
     */
    async startOnKnownDevice(
      q: Queryable,
      device: Pick<DeviceSeen, 'ipRange' | 'browser' | 'seenSince'>,
      session: NewSessionRow,
      audit: AuditRow,
      clearKeys: readonly string[],
    ): Promise<boolean> {
      const { rows } = await q.query<{ known: boolean }>(
        `WITH seen AS (${TOUCH_KNOWN_DEVICE('$2', '$16', '$17', '$3', '$18')} RETURNING 1),
         session AS (${SESSION_INSERT} SELECT $1, $2, $3, $3, $4, $5, $6, $7 FROM seen),
         audit AS (${AUDIT_INSERT} SELECT $8, $9, $10, $11, $12, $13, $14, $15 FROM seen),
         cleared AS (${CLEAR_FAILURES('(SELECT $19::text[] FROM seen)')})
         SELECT EXISTS (SELECT FROM seen) AS known`,
        [...sessionParams(session), ...auditParams(audit), device.ipRange, device.browser, device.seenSince, clearKeys],
        { name: 'login_start_on_known_device' },
      );
      return rows[0]!.known;
    },

    /**
     * A wrong password: one failure more on both counters (`keys`: the account's or the decoy's,
     * and the typed identifier's; the statement takes their rows in key order, the lock order)
     * and the audit row, in one statement.
     */
    async recordFailure(q: Queryable, keys: readonly string[], now: Date, audit: AuditRow) {
      await q.query(
        `WITH failed AS (${COUNT_FAILURES('$1', '$2')})
         ${AUDIT_INSERT} VALUES ($3, $4, $5, $6, $7, $8, $9, $10)`,
        [keys, now, ...auditParams(audit)],
        { name: 'login_record_failure' },
      );
    },
  };
}

export type LoginRepository = ReturnType<typeof createLoginRepository>;
