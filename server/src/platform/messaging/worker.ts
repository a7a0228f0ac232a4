import type { SecurityEventType } from '@devplat/common';
import { randomInt } from 'node:crypto';
import { maskContact } from '@devplat/common';
import type { Audit } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Vault } from '../vault.js';
import type { OutboxRepository, OutboxRow } from './outbox-repository.js';
import { DeliveryError, withTimeout, type Provider } from './provider.js';
import type { Locale, TemplateKey, TemplateParams } from './templates.js';

/** A message as the worker is about to send it. */
export interface PendingDelivery {
  template: TemplateKey;
  to: string;
  locale: Locale;
  params: TemplateParams;
}

/**
 * Decides at delivery — after the request that queued the message was answered — what a message
 * becomes: itself, another message to the same recipient (with the language it should go in), or
 * nothing (null). A public code request queues the same message whoever the contact is; who it
 * is, is looked up only here, so the answer's timing cannot tell (SECURITY 13).
 */
export type DeliveryResolver = (message: PendingDelivery) => Promise<PendingDelivery | null>;

export interface WorkerOptions {
  db: Db;
  repo: OutboxRepository;
  clock: Clock;
  vault: Vault;
  audit: Audit;
  /** In failover order: on a transient error the next provider takes the message. */
  providers: { sms: Provider[]; email: Provider[] };
  log: (details: Record<string, unknown>, message: string) => void;
  sendTimeoutMs: number;
  /** Real-time poll interval: the worker also wakes on every enqueue of its own node. */
  pollMs?: number;
  batch?: number;
  /** Backoff of the n-th transient failure: base·2^(n−1), capped, with jitter (50–100 %). */
  retryBaseSeconds?: number;
  retryMaxSeconds?: number;
  /**
   * Runs on every claimed message before it is sent (flows/verification/delivery.ts); returns
   * the message itself (the same object) when it stays as it is.
   */
  resolve?: DeliveryResolver;
  /** Counts each attempt's outcome by provider and status (the `messages_total` series). */
  metrics?: { messages: { inc(labels: { provider: string; status: string }): void } };
}

export interface OutboxWorker {
  start(): void;
  /**
   * Runs a pass soon that claims as of `asOf` (the moment a request queued its messages), so a
   * message is judged due and unexpired at the time it was accepted, not after other work queued
   * ahead of the pass.
   */
  nudge(asOf?: Date): void;
  /** Runs passes until no message is due now (dev outbox reads, tests). */
  drain(): Promise<void>;
  /** Stops claiming; waits for sends in flight for at most `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/** The backoff before retry number `attempts` (1-based), in seconds, jittered so nodes spread out. */
export function backoffSeconds(attempts: number, base: number, max: number): number {
  const full = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return (full * (500 + randomInt(0, 501))) / 1000;
}

/**
 * The courier of every node: claims due messages from the outbox (FOR UPDATE SKIP LOCKED, so
 * several nodes share the work without sending twice), sends each with a timeout, fails over
 * between providers, retries transient failures with backoff until the message expires, and
 * abandons permanent failures at once. Params are opened from the vault only here, in memory.
 */
export function createOutboxWorker(o: WorkerOptions): OutboxWorker {
  const { db, repo, clock, vault, audit } = o;
  const batch = o.batch ?? 10;
  const base = o.retryBaseSeconds ?? 10;
  const max = o.retryMaxSeconds ?? 600;
  const longestChain = Math.max(1, o.providers.sms.length, o.providers.email.length);
  // A claim outlives every send of one attempt; after that a dead node's message is due again.
  const leaseMs = o.sendTimeoutMs * (longestChain + 1) + 30_000;
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<number> = Promise.resolve(0);

  const count = (provider: string | null, status: string) =>
    o.metrics?.messages.inc({ provider: provider ?? 'none', status });
  const record = (
    row: OutboxRow,
    event: SecurityEventType,
    outcome: 'success' | 'failure',
    details: Record<string, unknown>,
  ) =>
    audit.record(
      { ip: '', userAgent: null, locale: row.locale },
      {
        event,
        outcome,
        actor: 'system',
        // The template, masked recipient and provider; never the params (they may hold a code).
        details: { messageId: String(row.id), template: row.template, to: maskContact(row.recipient), ...details },
      },
    );

  async function deliver(claimed: OutboxRow) {
    const opened: PendingDelivery = {
      template: claimed.template as TemplateKey,
      to: claimed.recipient,
      locale: claimed.locale,
      params: (claimed.sealed_params ? JSON.parse(vault.open(claimed.sealed_params)) : {}) as TemplateParams,
    };
    const message = o.resolve ? await o.resolve(opened) : opened;
    if (!message) {
      await repo.suppress(db, claimed.id, clock.now());
      count(null, 'suppressed');
      return;
    }
    // The row keeps what the resolver made of it, params included: a retry sends the same
    // message without resolving it again, and a notice's row holds no code.
    if (message !== opened) {
      const sealed = vault.seal(JSON.stringify(message.params));
      await repo.rewrite(db, claimed.id, message.template, message.locale, sealed, clock.now());
    }
    const row: OutboxRow = { ...claimed, template: message.template, locale: message.locale };
    const delivery = {
      outId: String(row.id),
      template: message.template,
      channel: row.channel,
      to: row.recipient,
      locale: message.locale,
      params: message.params,
    };
    const providers = o.providers[row.channel];
    if (providers.length === 0) {
      await repo.fail(db, row.id, 'abandoned', null, 'no_provider', clock.now());
      count(null, 'abandoned');
      await record(row, 'message.abandoned', 'failure', { provider: null, error: 'no_provider' });
      return;
    }
    let last: { provider: string; code: string } | null = null;
    for (const provider of providers) {
      try {
        const { messageId } = await withTimeout(provider.send(delivery), o.sendTimeoutMs);
        await repo.sent(db, row.id, provider.name, messageId, clock.now());
        count(provider.name, 'sent');
        if (row.template.startsWith('code.')) {
          await record(row, 'code.sent', 'success', { provider: provider.name, attempts: row.attempts });
        }
        return;
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('transient', 'error');
        if (!(error instanceof DeliveryError)) {
          // Only the error's name: a provider's message might echo what was sent.
          o.log({ provider: provider.name, error: (error as Error)?.name }, 'message provider failed unexpectedly');
        }
        last = { provider: provider.name, code: failure.code };
        if (failure.kind !== 'transient') {
          const status = failure.kind === 'throttled' ? 'throttled' : 'abandoned';
          await repo.fail(db, row.id, status, provider.name, failure.code, clock.now());
          count(provider.name, status);
          await record(row, 'message.abandoned', 'failure', {
            provider: provider.name,
            error: failure.code,
            reason: failure.kind,
          });
          return;
        }
        count(provider.name, 'failed');
        await record(row, 'message.failed', 'failure', {
          provider: provider.name,
          error: failure.code,
          attempts: row.attempts,
        });
      }
    }
    const now = clock.now();
    const next = new Date(now.getTime() + backoffSeconds(row.attempts, base, max) * 1000);
    await repo.retry(db, row.id, last!.provider, last!.code, next, now);
  }

  async function pass(asOf?: Date): Promise<number> {
    if (stopping) return 0;
    const now = asOf ?? clock.now();
    for (const row of await repo.expire(db, now)) {
      count(row.provider, 'expired');
      await record(row, 'message.abandoned', 'failure', {
        provider: row.provider,
        error: 'expired',
        reason: 'expired',
      });
    }
    const rows = await repo.claim(db, now, new Date(clock.now().getTime() + leaseMs), batch);
    await Promise.all(
      rows.map((row) => {
        const sending = deliver(row)
          .catch((error: unknown) => o.log({ error: (error as Error)?.message }, 'message delivery failed'))
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
        return sending;
      }),
    );
    return rows.length;
  }

  /** One pass at a time per node; other nodes are kept apart by the row locks. */
  const runPass = (asOf?: Date) => {
    chain = chain.catch(() => 0).then(() => pass(asOf));
    return chain;
  };
  const background = (asOf?: Date) =>
    void runPass(asOf).catch((error: unknown) => {
      if (!stopping) o.log({ error: (error as Error)?.message }, 'outbox pass failed');
    });

  return {
    start() {
      if (timer || stopping) return;
      timer = setInterval(() => background(), o.pollMs ?? 1000);
      timer.unref();
      background();
    },
    nudge(asOf) {
      if (!stopping) background(asOf);
    },
    async drain() {
      // Bounded: a pass claims only due messages, and retries are scheduled in the future.
      for (let i = 0; i < 100 && (await runPass()) > 0; i++);
    },
    async stop(graceMs) {
      stopping = true;
      clearInterval(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([chain, ...inFlight]),
        new Promise<void>((resolve) => {
          grace = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(grace);
    },
  };
}
