import type { SecurityEvent } from '@devplat/common';
import type { Queryable } from '../../platform/db/index.js';

export type { SecurityEvent };

/** Reads one account's audit events, newest first. */
export function createSecurityHistoryRepository(db: Queryable) {
  return {
    async page(accountId: string, page: number, pageSize: number): Promise<{ items: SecurityEvent[]; total: number }> {
      const [items, total] = await Promise.all([
        db.query<{
          event: string;
          outcome: 'success' | 'failure';
          at: Date;
          ip: string | null;
          user_agent: string | null;
          details: Record<string, unknown>;
          actor: string;
        }>(
          `SELECT event, outcome, at, ip, user_agent, details, actor FROM audit_events WHERE account_id = $1
            ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
          [accountId, pageSize, (page - 1) * pageSize],
        ),
        db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE account_id = $1', [accountId]),
      ]);
      return {
        items: items.rows.map((r) => ({
          event: r.event,
          outcome: r.outcome,
          at: r.at.toISOString(),
          ip: r.ip,
          userAgent: r.user_agent,
          details: r.details,
          actor: r.actor.startsWith('staff:') ? 'staff' : r.actor === 'system' ? 'system' : 'account',
        })),
        total: total.rows[0]!.n,
      };
    },
  };
}

export type SecurityHistoryRepository = ReturnType<typeof createSecurityHistoryRepository>;
