import type { Queryable } from '../db/index.js';

export interface LiveCode {
  id: string;
  code_hmac: Buffer;
  attempts: number;
  account_id: string | null;
}

/** SQL for verification codes and the per-target send log. Decides nothing. */
export function createCodesRepository() {
  return {
    /** Serialises sends to one target across connections and nodes for the rest of the transaction. */
    async lockTarget(q: Queryable, target: string) {
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`code-target:${target}`]);
    },

    async sendsSince(q: Queryable, target: string, since: Date): Promise<Date[]> {
      const { rows } = await q.query<{ sent_at: Date }>(
        'SELECT sent_at FROM code_sends WHERE target = $1 AND sent_at > $2 ORDER BY sent_at ASC',
        [target, since],
      );
      return rows.map((r) => r.sent_at);
    },

    async recordSend(q: Queryable, target: string, purpose: string, at: Date) {
      await q.query('INSERT INTO code_sends (target, purpose, sent_at) VALUES ($1, $2, $3)', [target, purpose, at]);
    },

    /**
     * A new code for (purpose, target, account) voids every earlier live one of that account:
     * codes bound to an account (contact change) are per (account, address), so one account's
     * request never voids another account's pending code for the same address (issue 14, finding 8).
     * A public code (sign-up, forgot password: `accountId` null, `perAccount` false) voids every
     * earlier live one for the address: it has one owner at most. Returns the new code's id.
     */
    async replaceCode(
      q: Queryable,
      row: {
        purpose: string;
        channel: string;
        target: string;
        accountId: string | null;
        perAccount: boolean;
        codeHmac: Buffer;
        now: Date;
        expiresAt: Date;
      },
    ): Promise<string> {
      await q.query(
        `UPDATE verification_codes SET voided_at = $3
          WHERE purpose = $1 AND target = $2 AND (NOT $5::boolean OR account_id IS NOT DISTINCT FROM $4)
            AND consumed_at IS NULL AND voided_at IS NULL`,
        [row.purpose, row.target, row.now, row.accountId, row.perAccount],
      );
      const { rows } = await q.query<{ id: string }>(
        `INSERT INTO verification_codes (purpose, channel, target, account_id, code_hmac, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [row.purpose, row.channel, row.target, row.accountId, row.codeHmac, row.now, row.expiresAt],
      );
      return rows[0]!.id;
    },

    /**
     * Binds a public code to the account its contact belongs to, at delivery (a forgot-password
     * code is then good for that account only); a code already bound or used stays as it is.
     */
    async bindToAccount(q: Queryable, id: string, accountId: string) {
      await q.query(
        'UPDATE verification_codes SET account_id = $2 WHERE id = $1 AND account_id IS NULL AND consumed_at IS NULL',
        [id, accountId],
      );
    },

    /**
     * Counts a try on the newest live code before anything is compared (SECURITY 8), and only
     * while fewer than the allowed tries were made: the increment and the check are one statement.
     * `account` (when given, null included) picks that account's code among several for the address.
     */
    async countTry(
      q: Queryable,
      purpose: string,
      target: string,
      now: Date,
      maxAttempts: number,
      account?: { id: string | null },
    ) {
      const { rows } = await q.query<LiveCode>(
        `UPDATE verification_codes SET attempts = attempts + 1
          WHERE id = (SELECT id FROM verification_codes
                       WHERE purpose = $1 AND target = $2 AND consumed_at IS NULL AND voided_at IS NULL
                         AND expires_at > $3 AND (NOT $5::boolean OR account_id IS NOT DISTINCT FROM $6::uuid)
                       ORDER BY created_at DESC LIMIT 1)
            AND attempts < $4
        RETURNING id, code_hmac, attempts, account_id`,
        [purpose, target, now, maxAttempts, account !== undefined, account?.id ?? null],
      );
      return rows[0] ?? null;
    },

    async voidCode(q: Queryable, id: string, now: Date) {
      await q.query('UPDATE verification_codes SET voided_at = $2 WHERE id = $1 AND voided_at IS NULL', [id, now]);
    },

    /** Single use: only one caller can flip consumed_at (SECURITY 8). */
    async consume(q: Queryable, id: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE verification_codes SET consumed_at = $2
          WHERE id = $1 AND consumed_at IS NULL AND voided_at IS NULL AND expires_at > $2`,
        [id, now],
      );
      return rowCount === 1;
    },
  };
}

export type CodesRepository = ReturnType<typeof createCodesRepository>;
