import type { Queryable } from '../db/index.js';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'abandoned' | 'expired' | 'throttled' | 'suppressed';

export interface OutboxRow {
  id: string;
  template: string;
  channel: 'sms' | 'email';
  recipient: string;
  locale: 'zh-CN' | 'en';
  sealed_params: string | null;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: Date;
  expires_at: Date;
  provider: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** SQL for the message outbox. Decides nothing: the worker does. */
export function createOutboxRepository() {
  return {
    async insert(
      q: Queryable,
      row: {
        template: string;
        channel: 'sms' | 'email';
        recipient: string;
        locale: string;
        sealedParams: string;
        now: Date;
        expiresAt: Date;
      },
    ) {
      await q.query(
        `INSERT INTO message_outbox
           (template, channel, recipient, locale, sealed_params, status, next_attempt_at, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $6, $6)`,
        [row.template, row.channel, row.recipient, row.locale, row.sealedParams, row.now, row.expiresAt],
      );
    },

    /** Messages past their expiry are never delivered late: expired, params wiped. */
    async expire(q: Queryable, now: Date): Promise<OutboxRow[]> {
      const { rows } = await q.query<OutboxRow>(
        `UPDATE message_outbox SET status = 'expired', sealed_params = NULL, updated_at = $1
          WHERE status IN ('queued', 'sending') AND expires_at <= $1
        RETURNING *`,
        [now],
      );
      return rows;
    },

    /**
     * Claims up to `limit` due messages for one worker. The rows are locked with SKIP LOCKED and
     * leased (next_attempt_at moves to the lease's end) in one statement, so two workers on one
     * database never claim the same row; a worker that dies mid-send leaves a lease that runs out,
     * and whichever node runs next takes the message again.
     */
    async claim(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
      const { rows } = await q.query<OutboxRow>(
        `UPDATE message_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $2, updated_at = $1
          WHERE id IN (SELECT id FROM message_outbox
                        WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1 AND expires_at > $1
                        ORDER BY next_attempt_at, id LIMIT $3
                        FOR UPDATE SKIP LOCKED)
        RETURNING *`,
        [now, leaseUntil, limit],
      );
      return rows;
    },

    async sent(q: Queryable, id: string, provider: string, messageId: string | null, now: Date) {
      await q.query(
        `UPDATE message_outbox SET status = 'sent', sealed_params = NULL, provider = $2, provider_message_id = $3,
                last_error = NULL, sent_at = $4, updated_at = $4
          WHERE id = $1 AND status = 'sending'`,
        [id, provider, messageId, now],
      );
    },

    async retry(q: Queryable, id: string, provider: string | null, error: string, next: Date, now: Date) {
      await q.query(
        `UPDATE message_outbox SET status = 'queued', provider = $2, last_error = $3, next_attempt_at = $4, updated_at = $5
          WHERE id = $1 AND status = 'sending'`,
        [id, provider, error, next, now],
      );
    },

    /**
     * What the delivery resolver made of a claimed message: another template, language or params
     * (a notice instead of a sign-up code), so that the row and the admin list show what goes out.
     */
    async rewrite(q: Queryable, id: string, template: string, locale: string, sealedParams: string, now: Date) {
      await q.query(
        `UPDATE message_outbox SET template = $2, locale = $3, sealed_params = $4, updated_at = $5
          WHERE id = $1 AND status = 'sending'`,
        [id, template, locale, sealedParams, now],
      );
    },

    /** Nothing to deliver after all (a forgot-password code for an unknown contact): never sent, params wiped. */
    async suppress(q: Queryable, id: string, now: Date) {
      await q.query(
        `UPDATE message_outbox SET status = 'suppressed', sealed_params = NULL, updated_at = $2
          WHERE id = $1 AND status = 'sending'`,
        [id, now],
      );
    },

    /** A final failure: abandoned (permanent) or throttled (the provider's frequency control). */
    async fail(
      q: Queryable,
      id: string,
      status: 'abandoned' | 'throttled',
      provider: string | null,
      error: string,
      now: Date,
    ) {
      await q.query(
        `UPDATE message_outbox SET status = $2, sealed_params = NULL, provider = $3, last_error = $4, updated_at = $5
          WHERE id = $1 AND status = 'sending'`,
        [id, status, provider, error, now],
      );
    },

    /** Newest first, for the admin list. */
    async recent(q: Queryable, filter: { status?: MessageStatus; limit: number }): Promise<OutboxRow[]> {
      const { rows } = await q.query<OutboxRow>(
        `SELECT * FROM message_outbox WHERE ($1::text IS NULL OR status = $1) AND status <> 'suppressed'
          ORDER BY created_at DESC, id DESC LIMIT $2`,
        [filter.status ?? null, filter.limit],
      );
      return rows;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
