import type { Clock } from './clock.js';
import { newToken, sha256 } from './crypto.js';
import type { Queryable } from './db/index.js';
import { AppError } from './errors.js';

export type TicketPurpose = 'reset_password' | 'change_email' | 'change_phone';

export interface Ticket {
  id: string;
  accountId: string;
  newTarget: string | null;
}

/** Tickets live 10 minutes: long enough for a person to fetch a second code, short enough to be useless later. */
export const TICKET_TTL_SECONDS = 600;

/**
 * Flow tickets (SECURITY 23, 25): issued when a step is passed, required by the next one, bound
 * to the account and the purpose they were issued for. Any mismatch answers `ticket.invalid`.
 */
export function createTickets(deps: { db: Queryable; clock: Clock }) {
  const { db, clock } = deps;

  /** The live ticket for (token, purpose[, account]) or a coded refusal. */
  async function find(q: Queryable, token: string, purpose: TicketPurpose, accountId: string | null, lock: boolean) {
    const { rows } = await q.query<{ id: string; account_id: string; new_target: string | null }>(
      `SELECT id, account_id, new_target FROM flow_tickets
        WHERE token_hash = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3
          AND ($4::uuid IS NULL OR account_id = $4::uuid)
        ${lock ? 'FOR UPDATE' : ''}`,
      [sha256(token), purpose, clock.now(), accountId],
    );
    const row = rows[0];
    if (!row) throw new AppError('ticket.invalid');
    return { id: row.id, accountId: row.account_id, newTarget: row.new_target } satisfies Ticket;
  }

  return {
    async issue(q: Queryable, purpose: TicketPurpose, accountId: string) {
      const token = newToken();
      const now = clock.now();
      await q.query(
        `INSERT INTO flow_tickets (token_hash, purpose, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [sha256(token), purpose, accountId, now, new Date(now.getTime() + TICKET_TTL_SECONDS * 1000)],
      );
      return { ticket: token, expiresInSeconds: TICKET_TTL_SECONDS };
    },

    /** Checks a ticket without using it up. `accountId` null: a ticket that is itself the proof (reset). */
    peek: (token: string, purpose: TicketPurpose, accountId: string | null) =>
      find(db, token, purpose, accountId, false),

    async setNewTarget(ticketId: string, target: string) {
      await db.query('UPDATE flow_tickets SET new_target = $2 WHERE id = $1', [ticketId, target]);
    },

    /** Uses the ticket up inside the caller's transaction; only one request can. */
    async consume(q: Queryable, token: string, purpose: TicketPurpose, accountId: string | null): Promise<Ticket> {
      const ticket = await find(q, token, purpose, accountId, true);
      const { rowCount } = await q.query(
        'UPDATE flow_tickets SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL',
        [ticket.id, clock.now()],
      );
      if (rowCount !== 1) throw new AppError('ticket.invalid');
      return ticket;
    },
  };
}

export type Tickets = ReturnType<typeof createTickets>;
