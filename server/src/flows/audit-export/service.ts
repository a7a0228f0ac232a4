import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import type { AuditExportRepository, AuditExportRow } from './repository.js';

/** The longest time range one export may cover, and the rows read per database round trip. */
export const AUDIT_EXPORT = { maxDays: 366, pageSize: 500 } as const;

export type AuditExportFormat = 'csv' | 'json';

const COLUMNS = ['id', 'at', 'account_id', 'actor', 'ip', 'user_agent', 'event', 'outcome', 'details'] as const;

/** RFC 4180 field; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(row: AuditExportRow): string {
  const values = [
    row.id,
    row.at.toISOString(),
    row.account_id ?? '',
    row.actor,
    row.ip ?? '',
    row.user_agent ?? '',
    row.event,
    row.outcome,
    JSON.stringify(row.details ?? {}),
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

const jsonOf = (row: AuditExportRow) =>
  JSON.stringify({
    id: row.id,
    at: row.at.toISOString(),
    accountId: row.account_id,
    actor: row.actor,
    ip: row.ip,
    userAgent: row.user_agent,
    event: row.event,
    outcome: row.outcome,
    details: row.details ?? {},
  });

/**
 * Admins export the security audit log of a time range (MLPS 2.0, GB/T 22239-2019 8.1.4.3 c–d:
 * records kept and available for analysis). The export is audited before the first row leaves,
 * and streamed page by page (keyset pagination), never held whole in memory.
 */
export function createAuditExportService(deps: { db: Db; repo: AuditExportRepository; audit: Audit }) {
  const { db, repo, audit } = deps;

  async function* rows(range: { from: Date; to: Date }) {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const page = await repo.page(db, range, after, AUDIT_EXPORT.pageSize);
      yield* page;
      if (page.length < AUDIT_EXPORT.pageSize) return;
      const last = page[page.length - 1]!;
      after = { at: last.at, id: last.id };
    }
  }

  return {
    async export(
      me: SessionAccount,
      input: { from: string; to: string; format: AuditExportFormat },
      ctx: RequestContext,
    ): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
      if (me.role !== 'admin') throw new AppError('auth.forbidden');
      const from = new Date(input.from);
      const to = new Date(input.to);
      if (Number.isNaN(from.getTime())) throw new AppError('request.invalid', { field: 'from' });
      if (Number.isNaN(to.getTime()) || to <= from) throw new AppError('request.invalid', { field: 'to' });
      if (to.getTime() - from.getTime() > AUDIT_EXPORT.maxDays * 86_400_000) {
        throw new AppError('request.invalid', { field: 'to' });
      }
      await audit.record(ctx, {
        event: 'audit.exported',
        outcome: 'success',
        accountId: me.accountId,
        actor: `staff:${me.accountId}`,
        details: { from: from.toISOString(), to: to.toISOString(), format: input.format },
      });
      const range = { from, to };
      const chunks = async function* () {
        if (input.format === 'csv') {
          yield `${COLUMNS.join(',')}\r\n`;
          for await (const row of rows(range)) yield csvLine(row);
          return;
        }
        yield '[';
        let first = true;
        for await (const row of rows(range)) {
          yield `${first ? '' : ','}\n${jsonOf(row)}`;
          first = false;
        }
        yield '\n]\n';
      };
      const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return { filename: `audit-${stamp(from)}-${stamp(to)}.${input.format}`, chunks: chunks() };
    },
  };
}

export type AuditExportService = ReturnType<typeof createAuditExportService>;
