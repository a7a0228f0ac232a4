import type { Clock } from './clock.js';
import type { Queryable } from './db/index.js';

/** Who did it and from where: taken from the request by the route, passed down to services. */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
  locale: 'zh-CN' | 'en';
}

export interface AuditEvent {
  event: string;
  outcome: 'success' | 'failure';
  accountId?: string | null;
  /** 'account' (the developer themself), 'anonymous', 'staff:<id>' or 'system'. */
  actor?: string;
  details?: Record<string, unknown>;
}

export interface Audit {
  record(ctx: RequestContext, event: AuditEvent, q?: Queryable): Promise<void>;
}

/** Append-only security log (SECURITY 41): UTC time, actor, IP, user agent, event, outcome. */
export function createAudit(db: Queryable, clock: Clock): Audit {
  return {
    async record(ctx, e, q = db) {
      await q.query(
        `INSERT INTO audit_events (at, account_id, actor, ip, user_agent, event, outcome, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          clock.now(),
          e.accountId ?? null,
          e.actor ?? (e.accountId ? 'account' : 'anonymous'),
          ctx.ip,
          ctx.userAgent,
          e.event,
          e.outcome,
          JSON.stringify(e.details ?? {}),
        ],
      );
    },
  };
}
