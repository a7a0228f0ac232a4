import type { Queryable } from './db/index.js';
import type { TicketPurpose } from './tickets.js';

export interface TicketRow {
  id: string;
  account_id: string;
  new_target: string | null;
}

/** SQL on flow_tickets; lifetimes and checks are the tickets service's. */
export function createTicketsRepository() {
  return {
    async insert(
      q: Queryable,
      row: { tokenHash: Buffer; purpose: TicketPurpose; accountId: string; now: Date; expiresAt: Date },
    ) {
      await q.query(
        `INSERT INTO flow_tickets (token_hash, purpose, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [row.tokenHash, row.purpose, row.accountId, row.now, row.expiresAt],
      );
    },

    /** The live ticket for (token, purpose[, account]); `lock` holds it until the transaction ends. */
    async findLive(
      q: Queryable,
      tokenHash: Buffer,
      purpose: TicketPurpose,
      accountId: string | null,
      now: Date,
      lock: boolean,
    ): Promise<TicketRow | null> {
      const { rows } = await q.query<TicketRow>(
        `SELECT id, account_id, new_target FROM flow_tickets
          WHERE token_hash = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3
            AND ($4::uuid IS NULL OR account_id = $4::uuid)
          ${lock ? 'FOR UPDATE' : ''}`,
        [tokenHash, purpose, now, accountId],
      );
      return rows[0] ?? null;
    },

    async setNewTarget(q: Queryable, ticketId: string, target: string) {
      await q.query('UPDATE flow_tickets SET new_target = $2 WHERE id = $1', [ticketId, target]);
    },

    /** Marks the ticket used; false when another request used it first. */
    async consume(q: Queryable, ticketId: string, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        'UPDATE flow_tickets SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL',
        [ticketId, now],
      );
      return rowCount === 1;
    },
  };
}

export type TicketsRepository = ReturnType<typeof createTicketsRepository>;
