import type { Queryable } from '../../platform/db/index.js';

export interface PendingDeletion {
  id: string;
  account_id: string;
  requested_at: Date;
  erase_after: Date;
}

export interface PendingDeletionListRow extends PendingDeletion {
  username: string;
  phone: string | null;
  email: string | null;
}

/** SQL of account deletion: the request rows, the account's status, and the erase. Decides nothing. */
export function createDeletionRepository() {
  return {
    /** Deactivates an active developer (the one statement that makes it 'deleting'); false when it is not active. */
    async deactivate(q: Queryable, accountId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE accounts SET status = 'deleting', updated_at = $2 WHERE id = $1 AND role = 'developer' AND status = 'active'`,
        [accountId, now],
      );
      return rowCount === 1;
    },

    async reactivate(q: Queryable, accountId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE accounts SET status = 'active', updated_at = $2 WHERE id = $1 AND status = 'deleting'`,
        [accountId, now],
      );
      return rowCount === 1;
    },

    async insertRequest(q: Queryable, accountId: string, now: Date, eraseAfter: Date): Promise<PendingDeletion> {
      const { rows } = await q.query<PendingDeletion>(
        `INSERT INTO account_deletions (account_id, state, requested_at, erase_after)
         VALUES ($1, 'pending', $2, $3) RETURNING id, account_id, requested_at, erase_after`,
        [accountId, now, eraseAfter],
      );
      return rows[0]!;
    },

    async pendingFor(q: Queryable, accountId: string): Promise<PendingDeletion | null> {
      const { rows } = await q.query<PendingDeletion>(
        `SELECT id, account_id, requested_at, erase_after FROM account_deletions
          WHERE account_id = $1 AND state = 'pending'`,
        [accountId],
      );
      return rows[0] ?? null;
    },

    /** Cancels the account's pending request; false when there was none (already cancelled or erased). */
    async cancel(q: Queryable, accountId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE account_deletions SET state = 'cancelled', cancelled_at = $2 WHERE account_id = $1 AND state = 'pending'`,
        [accountId, now],
      );
      return rowCount === 1;
    },

    /** Pending requests with their account, the soonest erase first (the staff list). */
    async listPending(q: Queryable, limit: number): Promise<PendingDeletionListRow[]> {
      const { rows } = await q.query<PendingDeletionListRow>(
        `SELECT d.id, d.account_id, d.requested_at, d.erase_after, a.username, a.phone, a.email
           FROM account_deletions d JOIN accounts a ON a.id = d.account_id
          WHERE d.state = 'pending' ORDER BY d.erase_after, d.id LIMIT $1`,
        [limit],
      );
      return rows;
    },

    /** Ids of the pending requests whose cooling-off has ended at `now`. */
    async due(q: Queryable, now: Date, limit: number): Promise<string[]> {
      const { rows } = await q.query<{ id: string }>(
        `SELECT id FROM account_deletions WHERE state = 'pending' AND erase_after <= $1 ORDER BY erase_after LIMIT $2`,
        [now, limit],
      );
      return rows.map((r) => r.id);
    },

    /**
     * The pending request and its account's contacts, locked for the erase; null when another
     * node holds it (SKIP LOCKED) or it is no longer pending (cancelled meanwhile).
     */
    async lockPending(
      q: Queryable,
      id: string,
    ): Promise<{ id: string; account_id: string; phone: string | null; email: string | null } | null> {
      const { rows } = await q.query<{ id: string; account_id: string; phone: string | null; email: string | null }>(
        `SELECT d.id, d.account_id, a.phone, a.email
           FROM account_deletions d JOIN accounts a ON a.id = d.account_id
          WHERE d.id = $1 AND d.state = 'pending' AND a.status = 'deleting'
          FOR UPDATE OF d, a SKIP LOCKED`,
        [id],
      );
      return rows[0] ?? null;
    },

    /**
     * Declares, for this transaction only, the account being erased and its tombstone: the one
     * condition under which migration 0015's triggers let its audit rows be re-pointed and its
     * approved certification be deleted.
     */
    async declareErase(q: Queryable, accountId: string, tombstone: string) {
      await q.query(
        `SELECT set_config('devplat.erasing_account', $1, true), set_config('devplat.erasing_tombstone', $2, true)`,
        [accountId, tombstone],
      );
    },

    /**
     * The account's audit rows point at the tombstone; the details keys that may carry personal
     * text (a passkey's name, a masked recipient) go. Rows stay; nothing else changes.
     */
    async tombstoneAudit(q: Queryable, accountId: string, tombstone: string): Promise<number> {
      const { rowCount } = await q.query(
        `UPDATE audit_events SET account_id = $2, details = details - 'to' - 'name' WHERE account_id = $1`,
        [accountId, tombstone],
      );
      return rowCount;
    },

    /**
     * Addresses the account's own codes went to: a contact change's new address (not yet a
     * contact, perhaps never) and a changed contact's old one, while their code rows last.
     */
    async codeAddresses(q: Queryable, accountId: string): Promise<string[]> {
      const { rows } = await q.query<{ target: string }>(
        'SELECT DISTINCT target FROM verification_codes WHERE account_id = $1',
        [accountId],
      );
      return rows.map((r) => r.target);
    },

    /** System rows about messages to these contacts (by message id or masked recipient) lose the recipient. */
    async scrubMessageAudit(q: Queryable, masks: string[], messageIds: string[]): Promise<number> {
      const { rowCount } = await q.query(
        `UPDATE audit_events SET details = details - 'to'
          WHERE account_id IS NULL AND actor = 'system' AND details ? 'messageId' AND details ? 'to'
            AND (details->>'to' = ANY($1::text[]) OR details->>'messageId' = ANY($2::text[]))`,
        [masks, messageIds],
      );
      return rowCount;
    },

    /**
     * Everything addressed to the contacts that no foreign key ties to the account: outbox
     * messages (queued or finished), the dev outbox, send records and codes (a sign-up code for
     * the address holds no account id). Returns the outbox message ids.
     */
    async deleteAddressed(q: Queryable, contacts: string[]): Promise<string[]> {
      const { rows } = await q.query<{ id: string }>(
        'DELETE FROM message_outbox WHERE recipient = ANY($1::text[]) RETURNING id::text AS id',
        [contacts],
      );
      await q.query('DELETE FROM outbox_messages WHERE to_address = ANY($1::text[])', [contacts]);
      await q.query('DELETE FROM code_sends WHERE target = ANY($1::text[])', [contacts]);
      await q.query('DELETE FROM verification_codes WHERE target = ANY($1::text[])', [contacts]);
      return rows.map((r) => r.id);
    },

    async markErased(q: Queryable, id: string, now: Date, by: string) {
      await q.query(`UPDATE account_deletions SET state = 'erased', erased_at = $2, erased_by = $3 WHERE id = $1`, [
        id,
        now,
        by,
      ]);
    },

    /**
     * The account row goes, and with it (ON DELETE CASCADE) its sessions, tickets, codes, second
     * factors and passkeys, uploads, submissions, certification, apps, keys, devices and quota;
     * its deletion rows keep only their tombstone (ON DELETE SET NULL).
     */
    async deleteAccount(q: Queryable, accountId: string): Promise<void> {
      await q.query('DELETE FROM accounts WHERE id = $1', [accountId]);
    },
  };
}

export type DeletionRepository = ReturnType<typeof createDeletionRepository>;
