import type { Queryable } from './db/index.js';

/** One audit_events row as the service builds it. */
export interface AuditRow {
  at: Date;
  accountId: string | null;
  actor: string;
  ip: string;
  userAgent: string | null;
  event: string;
  outcome: string;
  details: Record<string, unknown>;
}

/** The insert, shared with the statements that write an audit row together with others. */
export const AUDIT_INSERT = `INSERT INTO audit_events (at, account_id, actor, ip, user_agent, event, outcome, details)`;

/** The row's parameters in AUDIT_INSERT's column order. */
export const auditParams = (row: AuditRow) => [
  row.at,
  row.accountId,
  row.actor,
  row.ip,
  row.userAgent,
  row.event,
  row.outcome,
  JSON.stringify(row.details),
];

/** SQL on audit_events: insert only (the table refuses updates and deletes, see migration 0001). */
export function createAuditRepository() {
  return {
    async insert(q: Queryable, row: AuditRow) {
      await q.query(`${AUDIT_INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, auditParams(row), {
        name: 'audit_insert',
      });
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
