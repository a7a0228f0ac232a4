import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';
import type { Vault } from '../vault.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { Locale, TemplateKey, TemplateParams } from './templates.js';
import type { OutboxWorker } from './worker.js';

export interface OutgoingMessage {
  template: TemplateKey;
  /** A phone (E.164) goes by SMS, an email address by email. */
  to: string;
  /** The recipient's language: the account's, or for an unknown contact the request's. */
  locale: Locale;
  params?: TemplateParams;
  /** A code message expires with its code, so it is never delivered late. */
  expiresAt?: Date;
}

/**
 * Queues messages in the durable outbox. `enqueue` runs inside the caller's transaction, so the
 * message exists exactly when the code or change that causes it does, and the request only
 * inserts a row: it takes the same time whether a message goes out or not (enumeration by
 * timing). The worker (worker.ts) delivers it; `idle()` lets the dev outbox and tests wait.
 */
export interface Messenger {
  enqueue(q: Queryable, message: OutgoingMessage): Promise<void>;
  /** Wakes this node's worker; call once the transaction that queued messages has committed. */
  wake(): void;
  /** False with SMS_PROVIDERS=none: phone flows are switched off, SMS notices are skipped. */
  readonly smsEnabled: boolean;
  idle(): Promise<void>;
}

/** How long a notice (no code) may wait for delivery before it is dropped as stale. */
const NOTICE_TTL_MS = 24 * 3600_000;

export function createMessenger(deps: {
  repo: OutboxRepository;
  vault: Vault;
  clock: Clock;
  worker: OutboxWorker;
  smsEnabled: boolean;
}): Messenger {
  const { repo, vault, clock, worker } = deps;
  return {
    smsEnabled: deps.smsEnabled,
    async enqueue(q, message) {
      const channel = message.to.includes('@') ? 'email' : 'sms';
      if (channel === 'sms' && !deps.smsEnabled) return;
      const now = clock.now();
      await repo.insert(q, {
        template: message.template,
        channel,
        recipient: message.to,
        locale: message.locale,
        // Sealed: the params may hold a code, which is never stored in clear (SECURITY 10).
        sealedParams: vault.seal(JSON.stringify(message.params ?? {})),
        now,
        expiresAt: message.expiresAt ?? new Date(now.getTime() + NOTICE_TTL_MS),
      });
    },
    // Deferred to the next turn of the event loop, so the answer is written before delivery
    // starts (with an in-process PGlite, as in the tests, the worker's queries run on this
    // thread; timing must not show them).
    wake: () => {
      const asOf = clock.now();
      setImmediate(() => worker.nudge(asOf));
    },
    idle: () => worker.drain(),
  };
}

/** Queues one notice to each of an account's contacts (nulls and duplicates skipped), in its locale. */
export async function notifyContacts(
  q: Queryable,
  messenger: Messenger,
  recipient: { contacts: (string | null)[]; locale: Locale },
  template: TemplateKey,
  params?: TemplateParams,
) {
  for (const to of new Set(recipient.contacts)) {
    if (to) await messenger.enqueue(q, { template, to, locale: recipient.locale, params });
  }
}
