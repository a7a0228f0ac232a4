import { maskContact } from '@devplat/common';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { DeletionRepository } from './repository.js';

/** Requests erased per maintenance pass at most (each in its own transaction); the rest wait for the next. */
export const ERASES_PER_PASS = 50;

/** The request context of the maintenance job: no client, no address. */
const SYSTEM: RequestContext = { ip: '', userAgent: null, locale: 'zh-CN' };

/**
 * The final erase of one account (docs/decisions.md "Account deletion"), in one transaction:
 *   1. the request row is locked (another node, or a cancel at the same instant, skips or waits);
 *   2. the transaction declares the erase (migration 0015), the only way the audit log's rows
 *      may be re-pointed and an approved certification deleted;
 *   3. the erase itself is audited, then every audit row of the account points at the tombstone
 *      (the request's id) without its personal details keys, and message rows lose the recipient;
 *   4. outbox messages, dev-outbox copies, send records and codes addressed to the contacts go,
 *      and to the addresses of the account's own codes (a contact change left half-way);
 *   5. the account row goes, and every table tied to it by a foreign key with it.
 * After the commit the phone, email and identity are free again.
 */
export function createErasure(deps: { db: Db; clock: Clock; repo: DeletionRepository; audit: Audit }) {
  const { db, clock, repo, audit } = deps;

  /** False when the request is not pending (cancelled, erased, unknown) or another node is erasing it. */
  const erase = (id: string, by: string, ctx: RequestContext = SYSTEM): Promise<boolean> =>
    db.tx(async (q) => {
      const row = await repo.lockPending(q, id);
      if (!row) return false;
      const now = clock.now();
      await repo.declareErase(q, row.account_id, row.id);
      // Recorded under the account's id first, so it is re-pointed at the tombstone with the rest.
      await audit.record(ctx, { event: 'account.erased', outcome: 'success', accountId: row.account_id, actor: by }, q);
      await repo.markErased(q, row.id, now, by);
      // The contacts and the addresses of the account's own codes (a contact change left half-way).
      const addresses = [...new Set([row.phone, row.email, ...(await repo.codeAddresses(q, row.account_id))])].filter(
        (c): c is string => c !== null,
      );
      const messageIds = await repo.deleteAddressed(q, addresses);
      await repo.scrubMessageAudit(q, addresses.map(maskContact), messageIds);
      await repo.tombstoneAudit(q, row.account_id, row.id);
      await repo.deleteAccount(q, row.account_id);
      return true;
    });

  return {
    erase,
    /** Erases every request whose cooling-off has ended at `now`; the number erased. */
    async eraseDue(now: Date): Promise<number> {
      let erased = 0;
      for (const id of await repo.due(db, now, ERASES_PER_PASS)) if (await erase(id, 'system')) erased++;
      return erased;
    },
  };
}

export type Erasure = ReturnType<typeof createErasure>;
