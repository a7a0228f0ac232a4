import type { Me } from '@devplat/common';
import type { Contact } from './contacts.js';
import type { Queryable } from './db/index.js';

export interface AccountRow {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  password_hash: string;
  role: Me['role'];
  status: 'active' | 'disabled';
  /** The language of every message to this account (set at sign-up, changed from the console). */
  locale: 'zh-CN' | 'en';
  failed_login_count: number;
  last_failed_login_at: Date | null;
  created_at: Date;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

/** SQL on the accounts table, shared by the flows that read or write accounts. */
export function createAccountsRepository() {
  return {
    async findByContact(q: Queryable, contact: Contact): Promise<AccountRow | null> {
      // The column comes from a closed union, never from input.
      const column = contact.kind === 'phone' ? 'phone' : 'email';
      const { rows } = await q.query<AccountRow>(`SELECT * FROM accounts WHERE ${column} = $1`, [contact.value]);
      return rows[0] ?? null;
    },

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
      },
    ): Promise<AccountRow> {
      const { rows } = await q.query<AccountRow>(
        `INSERT INTO accounts (username, phone, email, password_hash, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
        [row.username, row.phone, row.email, row.passwordHash, row.locale ?? 'zh-CN', row.now],
      );
      return rows[0]!;
    },

    async findById(q: Queryable, id: string): Promise<AccountRow | null> {
      const { rows } = await q.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
      return rows[0] ?? null;
    },

    /** A new password also clears the failure counter: a reset is the way out of the hard stop. */
    async setPassword(q: Queryable, id: string, passwordHash: string, now: Date) {
      await q.query(
        `UPDATE accounts SET password_hash = $2, failed_login_count = 0, last_failed_login_at = NULL, updated_at = $3
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

    async recordLoginFailure(q: Queryable, id: string, now: Date) {
      await q.query(
        'UPDATE accounts SET failed_login_count = failed_login_count + 1, last_failed_login_at = $2 WHERE id = $1',
        [id, now],
      );
    },

    async clearLoginFailures(q: Queryable, id: string) {
      await q.query(
        'UPDATE accounts SET failed_login_count = 0, last_failed_login_at = NULL WHERE id = $1 AND failed_login_count > 0',
        [id],
      );
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;

/** True for reviewers and admins: their sessions need TOTP and are shorter. */
export const isStaff = (role: Me['role']) => role !== 'developer';

/** The account as its owner sees it: no hash, no counters (SECURITY 29). */
export function toMe(a: {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: Me['role'];
  createdAt: Date;
}): Me {
  return {
    id: a.id,
    username: a.username,
    phone: a.phone,
    email: a.email,
    role: a.role,
    createdAt: a.createdAt.toISOString(),
  };
}
