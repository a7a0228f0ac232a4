import type { Queryable } from '../../platform/db/index.js';

export interface AuditExportRow {
  id: string;
  at: Date;
  account_id: string | null;
  actor: string;
  ip: string | null;
  user_agent: string | null;
  event: string;
  outcome: string;
  details: Record<string, unknown>;
}

/** SQL of the audit export: one page of audit_events in a time range, in (at, id) order. */
export function createAuditExportRepository() {
  return {
    /** Rows with `from <= at < to` after the cursor (keyset: no OFFSET, so each page costs the same). */
    async page(
      q: Queryable,
      range: { from: Date; to: Date },
      after: { at: Date; id: string } | null,
      limit: number,
    ): Promise<AuditExportRow[]> {
      const { rows } = await q.query<AuditExportRow>(
        `SELECT id::text AS id, at, account_id, actor, ip, user_agent, event, outcome, details
           FROM audit_events
          WHERE at >= $1 AND at < $2
            AND ($3::timestamptz IS NULL OR (at, id) > ($3::timestamptz, $4::bigint))
          ORDER BY at, id
          LIMIT $5`,
        [range.from, range.to, after?.at ?? null, after?.id ?? null, limit],
      );
      return rows;
    },
  };
}

export type AuditExportRepository = ReturnType<typeof createAuditExportRepository>;
