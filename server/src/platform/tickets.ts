import type { Clock } from './clock.js';
import { newToken, sha256 } from './crypto.js';
import type { Queryable } from './db/index.js';
import { AppError } from './errors.js';
import type { TicketsRepository } from './tickets-repository.js';

export type TicketPurpose =
  'reset_password' | 'change_email' | 'change_phone' | 'login_second_factor' | 'deletion_cancel' | 'data_export';

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
export function createTickets(deps: { db: Queryable; repo: TicketsRepository; clock: Clock }) {
  const { db, repo, clock } = deps;

  /** The live ticket for (token, purpose[, account]) or a coded refusal. */
  async function find(q: Queryable, token: string, purpose: TicketPurpose, accountId: string | null, lock: boolean) {
    const row = await repo.findLive(q, sha256(token), purpose, accountId, clock.now(), lock);
    if (!row) throw new AppError('ticket.invalid');
    return { id: row.id, accountId: row.account_id, newTarget: row.new_target } satisfies Ticket;
  }

  return {
    async issue(q: Queryable, purpose: TicketPurpose, accountId: string, ttlSeconds: number = TICKET_TTL_SECONDS) {
      const token = newToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
      await repo.insert(q, { tokenHash: sha256(token), purpose, accountId, now, expiresAt });
      return { ticket: token, expiresInSeconds: ttlSeconds };
    },

    /** Checks a ticket without using it up. `accountId` null: a ticket that is itself the proof (reset). */
    peek: (token: string, purpose: TicketPurpose, accountId: string | null) =>
      find(db, token, purpose, accountId, false),

    setNewTarget: (ticketId: string, target: string) => repo.setNewTarget(db, ticketId, target),

    /** Uses the ticket up inside the caller's transaction; only one request can. */
    async consume(q: Queryable, token: string, purpose: TicketPurpose, accountId: string | null): Promise<Ticket> {
      const ticket = await find(q, token, purpose, accountId, true);
      if (!(await repo.consume(q, ticket.id, clock.now()))) throw new AppError('ticket.invalid');
      return ticket;
    },
  };
}

export type Tickets = ReturnType<typeof createTickets>;
