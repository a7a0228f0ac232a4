import type { Locale, TemplateKey, TemplateParams } from './templates.js';

/** One message as a provider gets it: the template, its (opened) params and the recipient. */
export interface Delivery {
  /** The outbox row id: the provider's OutId / SessionContext, so its reports point back to us. */
  outId: string;
  template: TemplateKey;
  channel: 'sms' | 'email';
  to: string;
  locale: Locale;
  params: TemplateParams;
}

/** One way of delivering messages: the dev outbox, SMTP, an SMS provider. */
export interface Provider {
  readonly name: string;
  /** Resolves with the provider's message id; throws a DeliveryError (anything else counts as transient). */
  send(delivery: Delivery): Promise<{ messageId: string | null }>;
}

/**
 * Why a send failed decides what the worker does next:
 * - transient (network, timeout, provider outage): the next provider takes it, or it is retried;
 * - permanent (invalid number, template refused, out of credit): abandoned at once;
 * - throttled (the provider's own frequency control for this number): recorded, not retried,
 *   since another provider or a retry loop would only defeat the provider's anti-abuse limit.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent' | 'throttled',
    /** The provider's error code (e.g. `isv.BUSINESS_LIMIT_CONTROL`), never a message's content. */
    readonly code: string,
    message = code,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Rejects with a transient DeliveryError when the send takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new DeliveryError('transient', 'timeout', `no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
