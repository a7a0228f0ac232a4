import { certificationLimits, maskContact } from '@devplat/common';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { notifyContacts, type Messenger } from '../../platform/messaging/index.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import type { Vault } from '../../platform/vault.js';
import type { CertificationRepository } from '../certification/repository.js';
import { isOverdue } from '../certification/working-days.js';
import type { QueueFilter, ReviewRepository } from './repository.js';

/** Staff review (PRODUCT "Staff"): queue, detail, reveal (audited), decisions, disabling accounts. */
export function createReviewService(deps: {
  db: Db;
  clock: Clock;
  repo: ReviewRepository;
  certifications: CertificationRepository;
  sessions: Sessions;
  vault: Vault;
  messenger: Messenger;
  audit: Audit;
}) {
  const { db, clock, repo, certifications, sessions, vault, messenger, audit } = deps;
  const actor = (staff: SessionAccount) => `staff:${staff.accountId}`;

  return {
    async queue(filter: QueueFilter) {
      const { rows, total } = await repo.queue(filter);
      const now = clock.now();
      return {
        items: rows.map((r) => ({
          accountId: r.account_id,
          username: r.username,
          phone: r.phone ? maskContact(r.phone) : null,
          email: r.email ? maskContact(r.email) : null,
          type: r.type,
          state: r.state,
          version: r.version,
          name: r.name,
          submittedAt: r.submitted_at.toISOString(),
          deadline: r.deadline,
          overdue: r.state === 'pending' && isOverdue(r.deadline, now),
        })),
        total,
        page: filter.page,
        pageSize: filter.pageSize,
      };
    },

    async detail(accountId: string) {
      const account = await repo.account(accountId);
      const version = await certifications.version(db, accountId);
      if (!account || version === null) throw new AppError('request.not_found');
      const history = await certifications.history(db, accountId);
      const conflict = await certifications.identityConflict(db, accountId);
      const current = history[0]!;
      const kinds = await repo.fileKinds(history.flatMap((s) => s.file_ids));
      return {
        account: {
          id: account.id,
          username: account.username,
          phone: account.phone ? maskContact(account.phone) : null,
          email: account.email ? maskContact(account.email) : null,
          status: account.status,
        },
        version,
        // Another account holds this ID number / credit code (issue 14, finding 4): the reviewer
        // sees it here; approval is refused while the other one is approved.
        conflict: conflict ? { accountId: conflict.account_id, state: conflict.state } : null,
        // The current submission's state and deadline, so the console need not dig into history[0].
        state: current.decision ?? ('pending' as const),
        deadline: current.deadline,
        overdue: current.decision === null && isOverdue(current.deadline, clock.now()),
        history: history.map((s) => ({
          id: s.id,
          files: s.file_ids.map((id) => ({
            id,
            ...(kinds.get(id) ?? { kind: 'unknown' as const, mime: 'application/octet-stream' }),
          })),
          type: s.type,
          fields: s.fields,
          identityMasked: s.identity_masked,
          fileIds: s.file_ids,
          consentVersion: s.consent_version,
          submittedAt: s.submitted_at.toISOString(),
          deadline: s.deadline,
          decision: s.decision,
          rejectReason: s.reject_reason,
          decidedAt: s.decided_at ? s.decided_at.toISOString() : null,
        })),
      };
    },

    /**
     * The full ID number or credit code of the current submission, or of any earlier one of the
     * same account (`submissionId`); every reveal is audited with the submission it showed (PIPL).
     */
    async reveal(staff: SessionAccount, accountId: string, ctx: RequestContext, submissionId?: string) {
      const sealed = await repo.identityOf(accountId, submissionId);
      if (!sealed) throw new AppError('request.not_found');
      await audit.record(ctx, {
        event: 'certification.revealed',
        outcome: 'success',
        accountId,
        actor: actor(staff),
        ...(submissionId ? { details: { submissionId } } : {}),
      });
      return { identity: vault.open(sealed) };
    },

    async decide(
      staff: SessionAccount,
      accountId: string,
      input: { version: number; decision: 'approved' | 'rejected'; reason?: string },
      ctx: RequestContext,
    ) {
      const reason = input.decision === 'rejected' ? (input.reason ?? '').trim() : null;
      if (input.decision === 'rejected' && (!reason || [...reason].length > certificationLimits.rejectReason.max)) {
        throw new AppError('request.invalid', { field: 'body.reason' });
      }
      // The notice is queued with the decision, in the developer's language (never the reviewer's).
      const account = await repo.account(accountId);
      const decided = await db
        .tx(async (q) => {
          if (
            input.decision === 'approved' &&
            (await certifications.identityConflict(q, accountId))?.state === 'approved'
          ) {
            throw new AppError('certification.identity_conflict');
          }
          const submission = await certifications.decide(q, {
            accountId,
            version: input.version,
            decision: input.decision,
            reason,
            reviewerId: staff.accountId,
            now: clock.now(),
          });
          if (!submission) return false;
          await audit.record(
            ctx,
            {
              event: `certification.${input.decision}`,
              outcome: 'success',
              accountId,
              actor: actor(staff),
              details: { version: input.version },
            },
            q,
          );
          if (account) {
            await notifyContacts(
              q,
              messenger,
              { contacts: [account.phone, account.email], locale: account.locale },
              input.decision === 'approved' ? 'notice.certification_approved' : 'notice.certification_rejected',
              reason ? { reason } : {},
            );
          }
          return true;
        })
        .catch((error: unknown) => {
          // Two holders of one identity approved at once: the index lets one through.
          if (isUniqueViolation(error, 'certifications_identity_approved_key'))
            throw new AppError('certification.identity_conflict');
          throw error;
        });
      // The loser of two racing reviewers, or a decision on an outdated version, is told so.
      if (!decided) {
        if ((await certifications.version(db, accountId)) === null) throw new AppError('request.not_found');
        throw new AppError('certification.already_decided');
      }
      messenger.wake();
      return this.detail(accountId);
    },

    async file(fileId: string) {
      return repo.fileOwner(fileId);
    },

    /** Admin: disable a developer account; every session of it ends at once (SECURITY 21). */
    async disable(staff: SessionAccount, accountId: string, ctx: RequestContext) {
      const account = await repo.account(accountId);
      const done = await db.tx(async (q) => {
        if (!account || !(await repo.disable(q, accountId, clock.now()))) return false;
        await sessions.endAllFor(q, accountId, 'account_disabled');
        await audit.record(ctx, { event: 'account.disabled', outcome: 'success', accountId, actor: actor(staff) }, q);
        await notifyContacts(
          q,
          messenger,
          { contacts: [account.phone, account.email], locale: account.locale },
          'notice.account_disabled',
        );
        return true;
      });
      if (!done) throw new AppError('request.not_found');
      messenger.wake();
    },

    /** Admin: enable a disabled developer account again; its apps' open API calls work at once. */
    async enable(staff: SessionAccount, accountId: string, ctx: RequestContext) {
      const done = await db.tx(async (q) => {
        if (!(await repo.enable(q, accountId, clock.now()))) return false;
        await audit.record(ctx, { event: 'account.enabled', outcome: 'success', accountId, actor: actor(staff) }, q);
        return true;
      });
      if (!done) throw new AppError('request.not_found');
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
