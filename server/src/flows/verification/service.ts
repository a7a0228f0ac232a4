import type { CodeSent } from '@devplat/common';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { RequestContext } from '../../platform/audit.js';
import type { CodesService, Delivery } from '../../platform/codes/service.js';
import { requireContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';

/** Codes that anyone may request (no session): sign-up and forgot-password. */
export type PublicPurpose = 'register' | 'reset_password';

export function createVerificationService(deps: { db: Db; accounts: AccountsRepository; codes: CodesService }) {
  return {
    /**
     * Sends a sign-up or reset code. Whether the contact has an account changes only what is
     * delivered — a sign-up notice instead of a register code, nothing instead of a reset code —
     * never the answer or the throttling, so nobody learns who is registered (SECURITY 13).
     */
    async request(
      input: { purpose: PublicPurpose; to: string; challenge?: string },
      ctx: RequestContext,
    ): Promise<CodeSent> {
      const contact = requireContact(input.to);
      const existing = await deps.accounts.findForCode(deps.db, contact);
      let delivery: Delivery;
      if (input.purpose === 'register') {
        delivery = existing
          ? { kind: 'notice', template: 'notice.already_registered' }
          : { kind: 'code', accountId: null };
      } else {
        delivery = existing ? { kind: 'code', accountId: existing.id } : { kind: 'nothing' };
      }
      // The recipient's language: the account's where there is one, else the request's.
      const locale = existing?.locale ?? ctx.locale;
      return deps.codes.send({
        purpose: input.purpose,
        contact,
        ip: ctx.ip,
        locale,
        delivery,
        challenge: input.challenge,
      });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
