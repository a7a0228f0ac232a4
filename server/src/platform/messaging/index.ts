import type { Transporter } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';

export interface Message {
  to: string;
  channel: 'sms' | 'email';
  /** Email subject; SMS ignores it. */
  subject: string;
  text: string;
}

/** One way of delivering messages (dev outbox, SMTP, an SMS provider). */
export interface Sender {
  send(message: Message): Promise<void>;
}

/**
 * Hands messages to the senders without making the request wait for the provider, so a
 * response takes the same time whether a message went out or not (enumeration by timing).
 * `idle()` lets the dev outbox and tests wait for what is in flight.
 */
export interface Messenger {
  deliver(message: Message): void;
  idle(): Promise<void>;
}

export function createMessenger(senders: { sms: Sender; email: Sender }, log: (error: unknown) => void): Messenger {
  const pending = new Set<Promise<void>>();
  return {
    deliver(message) {
      const sending = senders[message.channel]
        .send(message)
        .catch(log)
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/** Development outbox: keeps every message in the database so it can be read back locally. */
export function createOutboxSender(
  db: Queryable,
  clock: Clock,
): Sender & {
  read(to: string, limit: number): Promise<{ to: string; channel: 'sms' | 'email'; text: string; createdAt: string }[]>;
} {
  return {
    async send(message) {
      await db.query('INSERT INTO outbox_messages (to_address, channel, text, created_at) VALUES ($1, $2, $3, $4)', [
        message.to,
        message.channel,
        message.subject && message.channel === 'email' ? `${message.subject}\n\n${message.text}` : message.text,
        clock.now(),
      ]);
    },
    async read(to, limit) {
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

/** Email through SMTP (nodemailer). */
export function createSmtpSender(transport: Transporter, from: string): Sender {
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

/** Where no SMS provider is configured outside development: refuse loudly rather than pretend. */
export const noSmsProvider: Sender = {
  async send() {
    throw new Error('No SMS provider is configured (set DEV_OUTBOX for local use)');
  },
};

/** Delivers one message to each of the given phones/emails (nulls skipped), by the channel each needs. */
export function notifyContacts(
  messenger: Messenger,
  contacts: (string | null)[],
  message: { subject: string; text: string },
) {
  for (const to of new Set(contacts)) {
    if (to) messenger.deliver({ to, channel: to.includes('@') ? 'email' : 'sms', ...message });
  }
}
