import type { Queryable } from './db/index.js';

/** SQL on audit_events: insert only (the table refuses updates and deletes, see migration 0001). */
export function createAuditRepository() {
  return {
    async insert(
      q: Queryable,
      row: {
        at: Date;
        accountId: string | null;
        actor: string;
        ip: string;
        userAgent: string | null;
        event: string;
        outcome: string;
        details: Record<string, unknown>;
      },
    ) {
      await q.query(
        `INSERT INTO audit_events (at, account_id, actor, ip, user_agent, event, outcome, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.at, row.accountId, row.actor, row.ip, row.userAgent, row.event, row.outcome, JSON.stringify(row.details)],
      );
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
