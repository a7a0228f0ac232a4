import type { CodeSent } from '@devplat/common';
import type { RequestContext } from '../../platform/audit.js';
import type { CodesService } from '../../platform/codes/service.js';
import { requireContact } from '../../platform/contacts.js';

/** Codes that anyone may request (no session): sign-up and forgot-password. */
export type PublicPurpose = 'register' | 'reset_password';

export function createVerificationService(deps: { codes: CodesService }) {
  return {
    /**
     * Sends a sign-up or reset code. The request does the same work whoever the contact is and
     * never looks it up: whether it has an account changes only what is delivered — a sign-up
     * notice instead of a register code, nothing instead of a reset code — and that is decided at
     * delivery, after the answer (delivery.ts). So neither the answer, nor the throttling, nor the
     * time it takes tells anybody who is registered (SECURITY 13).
     */
    async request(
      input: { purpose: PublicPurpose; to: string; challenge?: string },
      ctx: RequestContext,
    ): Promise<CodeSent> {
      return deps.codes.send({
        purpose: input.purpose,
        contact: requireContact(input.to),
        ip: ctx.ip,
        // The request's language; delivery switches to the account's where there is one.
        locale: ctx.locale,
        delivery: { kind: 'resolved_at_delivery' },
        challenge: input.challenge,
      });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
