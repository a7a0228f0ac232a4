import type { CodeSent } from '@devplat/common';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { RequestContext } from '../../platform/audit.js';
import type { CodesService, Delivery } from '../../platform/codes/service.js';
import { requireContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';
import { alreadyRegisteredMessage } from '../../platform/messaging/texts.js';

/** Codes that anyone may request (no session): today, sign-up. */
export type PublicPurpose = 'register';

export function createVerificationService(deps: { db: Db; accounts: AccountsRepository; codes: CodesService }) {
  return {
    /**
     * Sends a sign-up code. A contact that already has an account gets a notice instead, with
     * the same answer and the same throttles, so nobody learns who is registered (SECURITY 13).
     */
    async request(input: { purpose: PublicPurpose; to: string }, ctx: RequestContext): Promise<CodeSent> {
      const contact = requireContact(input.to);
      const existing = await deps.accounts.findByContact(deps.db, contact);
      const delivery: Delivery = existing
        ? { kind: 'notice', ...alreadyRegisteredMessage(ctx.locale) }
        : { kind: 'code', accountId: null };
      return deps.codes.send({ purpose: input.purpose, contact, ip: ctx.ip, locale: ctx.locale, delivery });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
