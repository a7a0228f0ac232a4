import nodemailer from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';
import { DeliveryError, type Provider } from './provider.js';
import { renderMessage } from './templates.js';

/**
 * Development outbox: "sends" by keeping the rendered message in the database so it can be read
 * back locally (GET /api/v1/dev/outbox). It sits behind the same queue as real providers, so
 * development runs the production path.
 */
export function createDevOutboxProvider(db: Queryable, clock: Clock) {
  const provider: Provider = {
    name: 'outbox',
    async send(d) {
      const { subject, text } = renderMessage(d.template, d.locale, d.params, d.channel);
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO outbox_messages (to_address, channel, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [d.to, d.channel, d.channel === 'email' ? `${subject}\n\n${text}` : text, clock.now()],
      );
      return { messageId: `outbox-${rows[0]!.id}` };
    },
  };
  return {
    ...provider,
    async read(to: string, limit: number) {
      const { rows } = await db.query<{ to_address: string; channel: 'sms' | 'email'; text: string; created_at: Date }>(
        'SELECT to_address, channel, text, created_at FROM outbox_messages WHERE to_address = $1 ORDER BY id DESC LIMIT $2',
        [to, limit],
      );
      return rows.map((r) => ({
        to: r.to_address,
        channel: r.channel,
        text: r.text,
        createdAt: r.created_at.toISOString(),
      }));
    },
  };
}

export type DevOutbox = ReturnType<typeof createDevOutboxProvider>;

/** Email through SMTP (nodemailer), each connection phase bounded by `timeoutMs`. */
export function createSmtpProvider(smtpUrl: string, from: string, timeoutMs: number): Provider {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    name: 'smtp',
    async send(d) {
      const { subject, text } = renderMessage(d.template, d.locale, d.params);
      try {
        const info = await transport.sendMail({ from, to: d.to, subject, text });
        return { messageId: info.messageId ?? null };
      } catch (error) {
        // 5xx is the mail server's final word (no such mailbox, refused); 4xx and network errors pass.
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new DeliveryError('permanent', `smtp.${code}`);
        throw new DeliveryError('transient', code ? `smtp.${code}` : 'smtp.unreachable');
      }
    },
  };
}
