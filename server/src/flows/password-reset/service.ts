import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { CodesService } from '../../platform/codes/service.js';
import { requireContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { PasswordUpdater } from '../../platform/password-update.js';
import type { Tickets } from '../../platform/tickets.js';

/**
 * Forgot password (PRODUCT flow 6): the code (sent by POST /verification-codes, purpose
 * reset_password) is traded for a ticket that can do one thing only: set a new password
 * (SECURITY 25). The account comes from the code, never from the request (SECURITY 23).
 */
export function createPasswordResetService(deps: {
  db: Db;
  accounts: AccountsRepository;
  codes: CodesService;
  tickets: Tickets;
  updatePassword: PasswordUpdater;
  audit: Audit;
}) {
  const { db, accounts, codes, tickets, updatePassword, audit } = deps;

  return {
    async verifyCode(input: { to: string; code: string }, ctx: RequestContext) {
      const contact = requireContact(input.to);
      const checked = await codes.check({ purpose: 'reset_password', target: contact.value, code: input.code });
      const accountId = checked.accountId;
      if (!accountId) throw new AppError('verification_code.invalid');
      return db.tx(async (q) => {
        await codes.consume(q, checked.id);
        await audit.record(ctx, { event: 'password_reset.code_verified', outcome: 'success', accountId }, q);
        return tickets.issue(q, 'reset_password', accountId);
      });
    },

    /**
     * Sets the password, ends every session (the person is not signed in by this) and clears the
     * log-in failure counter, so a throttled or hard-stopped account gets back in (SECURITY 14, 21).
     */
    async setPassword(input: { ticket: string; password: string }, ctx: RequestContext) {
      const ticket = await tickets.peek(input.ticket, 'reset_password', null);
      const account = await accounts.findById(db, ticket.accountId);
      if (!account) throw new AppError('ticket.invalid');
      const ended = await updatePassword(account, input.password, ctx, {
        kind: 'password_reset',
        keepSession: null,
        before: (q) => tickets.consume(q, input.ticket, 'reset_password', null),
      });
      return { sessionsEnded: ended };
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
