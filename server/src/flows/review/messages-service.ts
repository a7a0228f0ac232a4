import { maskContact } from '@devplat/common';
import type { Db } from '../../platform/db/index.js';
import type { MessageStatus, OutboxRepository } from '../../platform/messaging/outbox-repository.js';

/**
 * The admins' view of the outbox (issue 9, point 8): the recipient is masked and no param (a
 * code, a reviewer's reason) is ever part of the answer.
 */
export function createMessagesService(deps: { db: Db; repo: OutboxRepository }) {
  const { db, repo } = deps;
  return {
    async recent(filter: { status?: MessageStatus; limit: number }) {
      const rows = await repo.recent(db, filter);
      return rows.map((r) => ({
        id: String(r.id),
        template: r.template,
        channel: r.channel,
        to: maskContact(r.recipient),
        status: r.status,
        attempts: r.attempts,
        provider: r.provider,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      }));
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
