import type { Transporter } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';
import { createDevOutboxRepository } from './dev-outbox-repository.js';
import { DeliveryError, type Provider } from './provider.js';
import { renderMessage } from './templates.js';

/**
 * Development outbox: "sends" by keeping the rendered message in the database so it can be read
 * back locally (GET /api/v1/dev/outbox). It sits behind the same queue as real providers, so
 * development runs the production path.
 */
export function createDevOutboxProvider(db: Queryable, clock: Clock) {
  const repo = createDevOutboxRepository();
  const provider: Provider = {
    name: 'outbox',
    async send(d) {
      const { subject, text } = renderMessage(d.template, d.locale, d.params, d.channel);
      const id = await repo.insert(db, {
        to: d.to,
        channel: d.channel,
        text: d.channel === 'email' ? `${subject}\n\n${text}` : text,
        at: clock.now(),
      });
      return { messageId: `outbox-${id}` };
    },
  };
  return {
    ...provider,
    async read(to: string, limit: number) {
      const rows = await repo.newestFor(db, to, limit);
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
  // nodemailer loads on the first message, not at start-up (docs/benchmark.md, "Start-up").
  let ready: Promise<Transporter> | undefined;
  const connect = async () =>
    (await import('nodemailer')).default.createTransport({
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
        const transport = await (ready ??= connect());
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
