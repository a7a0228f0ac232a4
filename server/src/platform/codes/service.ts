import { CODE_LIMITS, type CodeSent, type VerificationPurpose } from '@devplat/common';
import type { Clock } from '../clock.js';
import type { Contact } from '../contacts.js';
import { equalBytes, hmac, newCode } from '../crypto.js';
import type { Db, Queryable } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Limiter } from '../limits.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Messenger } from '../messaging/index.js';
import { codeTemplate } from '../messaging/templates.js';
import type { Metrics } from '../metrics.js';
import type { CodesRepository } from './repository.js';

/** The policy of PRODUCT.md "Verification codes". */
export const CODE_POLICY = {
  maxAttempts: 5,
  cooldownSeconds: CODE_LIMITS.resendCooldownSeconds,
  perHour: 5,
  perDay: 10,
} as const;

/**
 * What a send delivers: a code for a known account (the signed-in flows), or a public code
 * (sign-up, forgot password) whose recipient is looked up only at delivery, after the answer
 * (`DeliveryResolver`, flows/verification/delivery.ts): before the answer, every public send does
 * the same work whoever the contact is (SECURITY 13, timing).
 */
export type Delivery = { kind: 'code'; accountId: string | null } | { kind: 'resolved_at_delivery' };

/** Checked before a code send is counted (the proof-of-work challenge of CODE_CHALLENGE plugs in here). */
export type SendCheck = (input: {
  purpose: VerificationPurpose;
  contact: Contact;
  ip: string;
  challenge?: string;
}) => Promise<void>;

export interface CodesService {
  /**
   * Throttles, then records the send and delivers. Every delivery kind passes the same throttles
   * and answers the same, so the answer never tells whether an account exists (SECURITY 13).
   */
  send(input: {
    purpose: VerificationPurpose;
    contact: Contact;
    ip: string;
    /** The recipient's language: the account's, or the request's for a contact without one. */
    locale: 'zh-CN' | 'en';
    delivery: Delivery;
    /** A solved proof-of-work challenge, for `beforeSend`. */
    challenge?: string;
  }): Promise<CodeSent>;
  /**
   * Counts a try and compares; returns the code (still unconsumed) and the account it was issued
   * for. `accountId`, when given (null included), must be the code's own. Throws verification_code.invalid.
   */
  check(input: {
    purpose: VerificationPurpose;
    target: string;
    code: string;
    accountId?: string | null;
  }): Promise<{ id: string; accountId: string | null }>;
  /** Consumes a checked code inside the caller's transaction; throws if another request consumed it first. */
  consume(q: Queryable, id: string): Promise<void>;
}

export function createCodesService(deps: {
  db: Db;
  repo: CodesRepository;
  clock: Clock;
  secret: Buffer;
  ttlSeconds: number;
  messenger: Messenger;
  ipLimiter: Limiter;
  /** Where codes come from: the CSPRNG unless a test needs to know the next one. */
  generate?: () => string;
  /** ISO country codes a phone code may go to (SMS_ALLOWED_REGIONS): defends against SMS pumping. */
  allowedRegions: readonly string[];
  /** An optional check before anything else (e.g. a proof-of-work challenge); throws a coded error. */
  beforeSend?: SendCheck;
  metrics?: Pick<Metrics, 'codesSent' | 'codesThrottled'>;
}): CodesService {
  const { db, repo, clock, secret, ttlSeconds, messenger, generate = newCode } = deps;
  const codeHmac = (purpose: string, target: string, code: string) =>
    hmac(secret, 'verification-code', purpose, target, code);

  /** Seconds until the target may receive another message, or 0. */
  const waitFor = (sent: Date[], now: Date): number => {
    const ms = now.getTime();
    const waits: number[] = [];
    const last = sent[sent.length - 1];
    if (last) waits.push(last.getTime() + CODE_POLICY.cooldownSeconds * 1000 - ms);
    const inHour = sent.filter((t) => t.getTime() > ms - 3600_000);
    if (inHour.length >= CODE_POLICY.perHour)
      waits.push(inHour[inHour.length - CODE_POLICY.perHour]!.getTime() + 3600_000 - ms);
    if (sent.length >= CODE_POLICY.perDay)
      waits.push(sent[sent.length - CODE_POLICY.perDay]!.getTime() + 86_400_000 - ms);
    const longest = Math.max(0, ...waits);
    return Math.ceil(longest / 1000);
  };

  return {
    async send({ purpose, contact, ip, locale, delivery, challenge }) {
      // What the deployment refuses is refused before anything is counted or queued; both
      // depend on the number alone, never on whether it is registered (SECURITY 13).
      if (contact.kind === 'phone') {
        if (!messenger.smsEnabled) throw new AppError('phone.sms_unavailable');
        const region = parsePhoneNumberFromString(contact.value)?.country;
        if (!region || !deps.allowedRegions.includes(region)) throw new AppError('phone.region_not_allowed');
      }
      await deps.beforeSend?.({ purpose, contact, ip, challenge });
      // Per-IP cap first: one client cannot spray codes at many targets.
      const byIp = await deps.ipLimiter.consume(ip);
      if (!byIp.ok) {
        deps.metrics?.codesThrottled.inc({ scope: 'ip' });
        throw new AppError(
          'verification_code.throttled',
          { retryAfterSeconds: byIp.retryAfterSeconds },
          byIp.retryAfterSeconds,
        );
      }
      const now = clock.now();
      const channel = contact.kind === 'phone' ? 'sms' : 'email';
      await db.tx(async (q) => {
        await repo.lockTarget(q, contact.value);
        const sent = await repo.sendsSince(q, contact.value, new Date(now.getTime() - 86_400_000));
        const wait = waitFor(sent, now);
        // A refused send records nothing and calls no provider (SECURITY 9).
        if (wait > 0) {
          deps.metrics?.codesThrottled.inc({ scope: 'target' });
          throw new AppError('verification_code.throttled', { retryAfterSeconds: wait }, wait);
        }
        await repo.recordSend(q, contact.value, purpose, now);
        // The message is queued in this transaction: it exists exactly when the code does.
        const code = generate();
        const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
        const codeId = await repo.replaceCode(q, {
          purpose,
          channel,
          target: contact.value,
          accountId: delivery.kind === 'code' ? delivery.accountId : null,
          perAccount: delivery.kind === 'code',
          codeHmac: codeHmac(purpose, contact.value, code),
          now,
          expiresAt,
        });
        const minutes = Math.round(ttlSeconds / 60);
        await messenger.enqueue(q, {
          template: codeTemplate(purpose),
          to: contact.value,
          locale,
          // A public code carries its row's id, so that delivery can void it or bind it to the account.
          params: delivery.kind === 'code' ? { code, minutes } : { code, minutes, codeId },
          expiresAt,
        });
      });
      deps.metrics?.codesSent.inc({ channel });
      messenger.wake();
      return { resendAfterSeconds: CODE_POLICY.cooldownSeconds, expiresInSeconds: ttlSeconds };
    },

    async check({ purpose, target, code, accountId }) {
      const now = clock.now();
      const live = await repo.countTry(
        db,
        purpose,
        target,
        now,
        CODE_POLICY.maxAttempts,
        accountId === undefined ? undefined : { id: accountId },
      );
      if (!live) throw new AppError('verification_code.invalid');
      const matches = /^\d{6}$/.test(code) && equalBytes(codeHmac(purpose, target, code), live.code_hmac);
      if (!matches || (accountId !== undefined && live.account_id !== accountId)) {
        // The fifth wrong try voids the code (SECURITY 8).
        if (live.attempts >= CODE_POLICY.maxAttempts) await repo.voidCode(db, live.id, now);
        throw new AppError('verification_code.invalid');
      }
      return { id: live.id, accountId: live.account_id };
    },

    async consume(q, id) {
      if (!(await repo.consume(q, id, clock.now()))) throw new AppError('verification_code.invalid');
    },
  };
}
