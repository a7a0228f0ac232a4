import type { Clock } from './clock.js';
import type { AuditRepository, AuditRow } from './audit-repository.js';
import type { SecurityEventType } from '@devplat/common';
import type { Queryable } from './db/index.js';

/** Who did it and from where: taken from the request by the route, passed down to services. */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
  locale: 'zh-CN' | 'en';
}

export interface AuditEvent {
  /** One of common's SECURITY_EVENT_TYPES: each has a phrase in both languages. */
  event: SecurityEventType;
  outcome: 'success' | 'failure';
  accountId?: string | null;
  /** 'account' (the developer themself), 'anonymous', 'staff:<id>' or 'system'. */
  actor?: string;
  details?: Record<string, unknown>;
}

export interface Audit {
  record(ctx: RequestContext, event: AuditEvent, q?: Queryable): Promise<void>;
  /** The row `record` would insert, for a caller that writes it within one larger statement. */
  rowOf(ctx: RequestContext, event: AuditEvent): AuditRow;
}

/** Append-only security log (SECURITY 41): UTC time, actor, IP, user agent, event, outcome. */
export function createAudit(deps: { db: Queryable; repo: AuditRepository; clock: Clock }): Audit {
  const { db, repo, clock } = deps;
  const rowOf = (ctx: RequestContext, e: AuditEvent): AuditRow => ({
    at: clock.now(),
    accountId: e.accountId ?? null,
    actor: e.actor ?? (e.accountId ? 'account' : 'anonymous'),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    event: e.event,
    outcome: e.outcome,
    details: e.details ?? {},
  });
  return {
    async record(ctx, e, q = db) {
      await repo.insert(q, rowOf(ctx, e));
    },
    rowOf,
  };
}
