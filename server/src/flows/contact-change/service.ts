import { maskContact } from '@devplat/common';
import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { CodesService } from '../../platform/codes/service.js';
import { requireEmail, requirePhone, type Contact } from '../../platform/contacts.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { notifyContacts, type Messenger } from '../../platform/messaging/index.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import type { Tickets } from '../../platform/tickets.js';

export type ContactKind = 'email' | 'phone';

const ticketPurpose = (kind: ContactKind) => (kind === 'email' ? 'change_email' : 'change_phone');

/**
 * Change (or bind) the email or the phone (PRODUCT flows 8–9, SECURITY 23–24), a server-side
 * flow in three requests:
 *   1. a code goes to the account's current contact of that kind — or, with none, to its other
 *      contact — chosen here, never named by the request; verifying it yields a ticket bound
 *      to this account and this kind;
 *   2. with the ticket, a code goes to the new address, which the ticket remembers;
 *   3. with the ticket and that code, the ticket's address (not one from the request) is bound.
 */
export function createContactChangeService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  codes: CodesService;
  tickets: Tickets;
  messenger: Messenger;
  audit: Audit;
}) {
  const { db, clock, accounts, codes, tickets, messenger, audit } = deps;

  const load = async (me: SessionAccount) => {
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  /** Where step 1's code goes: the current contact of the kind being changed, else the other one. */
  const currentContact = (account: AccountRow, kind: ContactKind): Contact => {
    if (kind === 'email')
      return account.email ? { kind: 'email', value: account.email } : { kind: 'phone', value: account.phone! };
    return account.phone ? { kind: 'phone', value: account.phone } : { kind: 'email', value: account.email! };
  };

  /** A code bound to this account (purpose, contact, account), throttled like every code. */
  const sendAccountCode = (
    account: AccountRow,
    purpose: 'verify_current_contact' | 'bind_new_contact',
    contact: Contact,
    ctx: RequestContext,
  ) =>
    codes.send({
      purpose,
      contact,
      ip: ctx.ip,
      locale: account.locale,
      delivery: { kind: 'code', accountId: account.id },
    });

  return {
    async sendCurrentCode(me: SessionAccount, kind: ContactKind, ctx: RequestContext) {
      const account = await load(me);
      const contact = currentContact(account, kind);
      const sent = await sendAccountCode(account, 'verify_current_contact', contact, ctx);
      return {
        ...sent,
        channel: contact.kind === 'phone' ? ('sms' as const) : ('email' as const),
        sentTo: maskContact(contact.value),
      };
    },

    async verifyCurrent(me: SessionAccount, kind: ContactKind, code: string, ctx: RequestContext) {
      const contact = currentContact(await load(me), kind);
      const checked = await codes.check({
        purpose: 'verify_current_contact',
        target: contact.value,
        code,
        accountId: me.accountId,
      });
      return db.tx(async (q) => {
        await codes.consume(q, checked.id);
        await audit.record(
          ctx,
          { event: `${kind}_change.current_verified`, outcome: 'success', accountId: me.accountId },
          q,
        );
        return tickets.issue(q, ticketPurpose(kind), me.accountId);
      });
    },

    async sendNewCode(
      me: SessionAccount,
      kind: ContactKind,
      input: { ticket: string; to: string },
      ctx: RequestContext,
    ) {
      const ticket = await tickets.peek(input.ticket, ticketPurpose(kind), me.accountId);
      const value = kind === 'email' ? requireEmail(input.to) : requirePhone(input.to);
      const account = await load(me);
      // The same address again is the person's own slip, not someone else's: say so plainly.
      if (account[kind] === value)
        throw new AppError(kind === 'phone' ? 'account.phone_unchanged' : 'account.email_unchanged');
      // The code goes out whether or not another account holds the address: the refusal comes
      // only at the last step, to the person who proved they own it (SECURITY 24).
      const sent = await sendAccountCode(account, 'bind_new_contact', { kind, value }, ctx);
      await tickets.setNewTarget(ticket.id, value);
      return sent;
    },

    async complete(
      me: SessionAccount,
      kind: ContactKind,
      input: { ticket: string; code: string },
      ctx: RequestContext,
    ) {
      const ticket = await tickets.peek(input.ticket, ticketPurpose(kind), me.accountId);
      if (!ticket.newTarget) throw new AppError('ticket.invalid');
      const target = ticket.newTarget;
      const checked = await codes.check({
        purpose: 'bind_new_contact',
        target,
        code: input.code,
        accountId: me.accountId,
      });
      const before = await load(me);
      try {
        await db.tx(async (q) => {
          await tickets.consume(q, input.ticket, ticketPurpose(kind), me.accountId);
          await codes.consume(q, checked.id);
          await accounts.setContact(q, me.accountId, { kind, value: target } as Contact, clock.now());
          await audit.record(
            ctx,
            {
              event: `${kind}.changed`,
              outcome: 'success',
              accountId: me.accountId,
              details: { bound: before[kind] === null },
            },
            q,
          );
          // The notice goes to the old address; where none was bound, to the account's other
          // contact (SECURITY 17). Queued in the change's own transaction: both or neither.
          const old = before[kind] ?? currentContact(before, kind).value;
          await notifyContacts(
            q,
            messenger,
            { contacts: [old], locale: before.locale },
            kind === 'email' ? 'notice.email_changed' : 'notice.phone_changed',
          );
        });
      } catch (error) {
        // Held by another account: a generic refusal that does not say whose (SECURITY 24).
        if (isUniqueViolation(error)) {
          await audit.record(ctx, {
            event: `${kind}.changed`,
            outcome: 'failure',
            accountId: me.accountId,
            details: { reason: 'unavailable' },
          });
          throw new AppError('account.contact_unavailable');
        }
        throw error;
      }
      messenger.wake();
      const after = await load(me);
      return after;
    },
  };
}

export type ContactChangeService = ReturnType<typeof createContactChangeService>;
