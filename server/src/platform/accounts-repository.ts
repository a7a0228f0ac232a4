import type { Me } from '@devplat/common';
import type { Contact } from './contacts.js';
import type { Queryable } from './db/index.js';
import {
  ACCOUNT_FAILURES_COLUMNS,
  ACCOUNT_FAILURES_JOIN,
  accountFailureKey,
  createLoginFailuresRepository,
} from './login-failures-repository.js';

export interface AccountRow {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  password_hash: string;
  role: Me['role'];
  /** 'deleting': a deletion was requested and its cooling-off runs (flows/account-deletion). */
  status: 'active' | 'disabled' | 'deleting';
  /** The language of every message to this account (set at sign-up, changed from the console). */
  locale: 'zh-CN' | 'en';
  /** The account's failure counter (kept in login_failures, joined by every read here). */
  failed_login_count: number;
  last_failed_login_at: Date | null;
  created_at: Date;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_secret_set_at: Date | null;
  totp_last_step: number | null;
  /** A first password from the operator command: to be replaced before anything else. */
  password_change_required: boolean;
  /** When the password was last set; null until the first change (created_at counts then). */
  password_changed_at: Date | null;
}

/** An account row with its failure counter (migration 0018 keeps the counter in login_failures). */
const SELECT_ACCOUNT = `SELECT a.*, ${ACCOUNT_FAILURES_COLUMNS} FROM accounts a ${ACCOUNT_FAILURES_JOIN}`;

/** SQL on the accounts table, shared by the flows that read or write accounts. */
export function createAccountsRepository() {
  const failures = createLoginFailuresRepository();
  return {
    async findByContact(q: Queryable, contact: Contact): Promise<AccountRow | null> {
      // The column comes from a closed union, never from input.
      const column = contact.kind === 'phone' ? 'phone' : 'email';
      const { rows } = await q.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.${column} = $1`, [contact.value]);
      return rows[0] ?? null;
    },

    /** A new account; a developer unless `role` says otherwise (staff are created by the operator command). */
    async insert(
      q: Queryable,
      row: {
        username: string;
        phone: string | null;
        email: string | null;
        passwordHash: string;
        /** zh-CN (the default language) where not given, e.g. staff accounts made from the command line. */
        locale?: AccountRow['locale'];
        now: Date;
        role?: AccountRow['role'];
        passwordChangeRequired?: boolean;
      },
    ): Promise<AccountRow> {
      const { rows } = await q.query<AccountRow>(
        `INSERT INTO accounts (username, phone, email, password_hash, role, locale, password_change_required, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *, 0 AS failed_login_count, NULL::timestamptz AS last_failed_login_at`,
        [
          row.username,
          row.phone,
          row.email,
          row.passwordHash,
          row.role ?? 'developer',
          row.locale ?? 'zh-CN',
          row.passwordChangeRequired ?? false,
          row.now,
        ],
      );
      return rows[0]!;
    },

    /**
     * The id and locale of the account holding a contact: whom a sign-up or forgot-password code
     * goes to. Looked up by the outbox worker at delivery, never before the request's answer
     * (flows/verification/delivery.ts, SECURITY 13).
     */
    async findForCode(q: Queryable, contact: Contact): Promise<{ id: string; locale: 'zh-CN' | 'en' } | null> {
      const column = contact.kind === 'phone' ? 'phone' : 'email';
      const { rows } = await q.query<{ id: string; locale: 'zh-CN' | 'en' }>(
        `SELECT id, locale FROM accounts WHERE ${column} = $1`,
        [contact.value],
      );
      return rows[0] ?? null;
    },

    async findById(q: Queryable, id: string): Promise<AccountRow | null> {
      const { rows } = await q.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id], {
        name: 'account_find_by_id',
      });
      return rows[0] ?? null;
    },

    /**
     * The new password's hash. The caller clears the failure counters in the same transaction
     * (login-failures.ts `clearFor`): a reset is the way out of the hard stop.
     */
    async setPassword(q: Queryable, id: string, passwordHash: string, now: Date) {
      await q.query(
        `UPDATE accounts SET password_hash = $2, password_change_required = false, password_changed_at = $3, updated_at = $3
          WHERE id = $1`,
        [id, passwordHash, now],
      );
    },

    async setLocale(q: Queryable, id: string, locale: AccountRow['locale'], now: Date) {
      await q.query('UPDATE accounts SET locale = $2, updated_at = $3 WHERE id = $1', [id, locale, now]);
    },

    async setContact(q: Queryable, id: string, contact: Contact, now: Date) {
      const column = contact.kind === 'phone' ? 'phone' : 'email';
      await q.query(`UPDATE accounts SET ${column} = $2, updated_at = $3 WHERE id = $1`, [id, contact.value, now]);
    },

    async setUsername(q: Queryable, id: string, username: string, now: Date) {
      await q.query('UPDATE accounts SET username = $2, updated_at = $3 WHERE id = $1', [id, username, now]);
    },

    /** One failure more on the account's counter (a wrong password or code once logged in). */
    async recordLoginFailure(q: Queryable, id: string, now: Date) {
      await failures.record(q, [accountFailureKey(id)], now);
    },

    /** Staff accounts (reviewers, admins), oldest first, for the operator command. */
    async listStaff(q: Queryable) {
      const { rows } = await q.query<{
        username: string;
        email: string | null;
        phone: string | null;
        role: AccountRow['role'];
        status: AccountRow['status'];
        totp: boolean;
      }>(
        `SELECT username, email, phone, role, status, totp_enabled_at IS NOT NULL AS totp
           FROM accounts WHERE role <> 'developer' ORDER BY created_at`,
      );
      return rows;
    },

    /** A new TOTP secret (sealed), only while no authenticator is confirmed. */
    async setTotpSecret(q: Queryable, id: string, sealedSecret: string, now: Date) {
      await q.query(
        'UPDATE accounts SET totp_secret = $2, totp_secret_set_at = $3 WHERE id = $1 AND totp_enabled_at IS NULL',
        [id, sealedSecret, now],
      );
    },

    /**
     * Records a used TOTP time step, confirms the authenticator and clears the failure counter.
     * The step only moves forward: false when `step` is not newer than the last one used.
     */
    async advanceTotpStep(q: Queryable, id: string, step: number, now: Date): Promise<boolean> {
      // Account row first, then its counter: the lock order of every transaction here.
      const { rows } = await q.query<{ advanced: boolean }>(
        `WITH advanced AS (
           UPDATE accounts SET totp_last_step = $2, totp_enabled_at = COALESCE(totp_enabled_at, $3)
            WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id
         ), cleared AS (
           DELETE FROM login_failures WHERE key IN (SELECT account_failure_key(id) FROM advanced)
         )
         SELECT EXISTS (SELECT 1 FROM advanced) AS advanced`,
        [id, step, now],
      );
      return rows[0]!.advanced;
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
