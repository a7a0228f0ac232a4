import { ACCOUNT_DELETION, maskContact, type ErrorCode } from '@devplat/common';
import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { CodesService } from '../../platform/codes/service.js';
import type { Contact } from '../../platform/contacts.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Passwords } from '../../platform/passwords.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import { isThrottled } from '../../platform/throttle.js';
import type { Tickets } from '../../platform/tickets.js';
import type { SessionStarter } from '../login/service.js';
import type { SecondFactorService } from '../second-factor/service.js';
import type { Erasure } from './erase.js';
import type { DeletionRepository } from './repository.js';

/** PIPL Art. 47 cooling-off: the account is deactivated at once and erased this many days later. */
export const DELETION_COOLING_OFF_DAYS = ACCOUNT_DELETION.coolingOffDays;
/** How long the "pending deletion, cancel?" answer of a log-in stays usable. */
export const DELETION_CANCEL_TTL_SECONDS = 600;
/** The staff list shows at most this many pending requests (the soonest first). */
export const PENDING_DELETIONS_LISTED = 200;

const DAY_MS = 86_400_000;

export type DeletionChannel = 'sms' | 'email';

/** Where the confirmation code goes: the chosen channel when the account has it, else the phone, else the email. */
function contactFor(account: AccountRow, channel?: DeletionChannel): Contact {
  if (channel === 'email' && account.email) return { kind: 'email', value: account.email };
  if (channel === 'sms' && account.phone) return { kind: 'phone', value: account.phone };
  return account.phone ? { kind: 'phone', value: account.phone } : { kind: 'email', value: account.email! };
}

/**
 * What a log-in of an account pending deletion ends in instead of a session: after every factor
 * the log-in asks for has passed, a short ticket that can only cancel the deletion, and the date
 * of the erase. Plugged into the session starter (the one way a log-in ends), so a password
 * log-in, a second step and a passkey log-in all answer it the same way.
 */
export function createPendingDeletionGate(deps: { repo: DeletionRepository; tickets: Tickets; audit: Audit }) {
  const { repo, tickets, audit } = deps;
  /** Inside the log-in's transaction: the details of `account.pending_deletion`, or null (no pending request). */
  return async (
    q: Queryable,
    account: AccountRow,
    ctx: RequestContext,
  ): Promise<{ eraseAfter: string; cancelToken: string } | null> => {
    const pending = await repo.pendingFor(q, account.id);
    await audit.record(
      ctx,
      { event: 'login', outcome: 'failure', accountId: account.id, details: { reason: 'pending_deletion' } },
      q,
    );
    if (!pending) return null;
    const { ticket } = await tickets.issue(q, 'deletion_cancel', account.id, DELETION_CANCEL_TTL_SECONDS);
    return { eraseAfter: pending.erase_after.toISOString(), cancelToken: ticket };
  };
}

export type PendingDeletionGate = ReturnType<typeof createPendingDeletionGate>;

/**
 * Delete my account (PIPL Art. 47), as a state row per request (docs/decisions.md "Account
 * deletion"):
 *   request (password + second factor if on + a code to a contact + the username typed) →
 *   pending: the account is 'deleting' at once, its sessions end, its apps and keys are refused →
 *   cancelled (a full log-in within the cooling-off, then "cancel")  |  erased (maintenance after
 *   DELETION_COOLING_OFF_DAYS, or an admin at once).
 */
export function createDeletionService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  repo: DeletionRepository;
  passwords: Passwords;
  secondFactor: SecondFactorService;
  codes: CodesService;
  sessions: Sessions;
  tickets: Tickets;
  startSession: SessionStarter;
  erasure: Erasure;
  audit: Audit;
}) {
  const { db, clock, accounts, repo, passwords, secondFactor, codes, sessions, tickets, startSession, erasure, audit } =
    deps;

  const developer = async (me: SessionAccount) => {
    if (me.role !== 'developer') throw new AppError('auth.forbidden');
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  /** A refused request is audited with the factor that failed, then answered with its own code. */
  const refuse = async (account: AccountRow, ctx: RequestContext, reason: string, code: ErrorCode): Promise<never> => {
    await audit.record(ctx, {
      event: 'account.deletion_requested',
      outcome: 'failure',
      accountId: account.id,
      details: { reason },
    });
    throw new AppError(code);
  };

  return {
    /** The confirmation code, to one of the account's own contacts (never an address from the request). */
    async sendCode(me: SessionAccount, channel: DeletionChannel | undefined, ctx: RequestContext) {
      const account = await developer(me);
      const contact = contactFor(account, channel);
      const sent = await codes.send({
        purpose: 'delete_account',
        contact,
        ip: ctx.ip,
        locale: account.locale,
        delivery: { kind: 'code', accountId: account.id },
      });
      return {
        ...sent,
        channel: contact.kind === 'phone' ? ('sms' as const) : ('email' as const),
        sentTo: maskContact(contact.value),
      };
    },

    /**
     * Every factor must pass, each refused with its own code: the username typed exactly, the
     * password (a wrong one counts like a wrong log-in), the second factor when TOTP is on, and
     * the code sent to the contact. Then, in one transaction: the code is used up, the account
     * is deactivated, the request is recorded and every session ends.
     */
    async request(
      me: SessionAccount,
      input: {
        username: string;
        password: string;
        code: string;
        channel?: DeletionChannel;
        totpCode?: string;
        recoveryCode?: string;
      },
      ctx: RequestContext,
    ) {
      const account = await developer(me);
      if (input.username !== account.username) return refuse(account, ctx, 'username', 'deletion.username_mismatch');
      const now = clock.now();
      const passwordOk = await passwords.verify(account.password_hash, input.password);
      if (!passwordOk || isThrottled(account.failed_login_count, account.last_failed_login_at, now)) {
        if (!passwordOk) await accounts.recordLoginFailure(db, account.id, now);
        return refuse(account, ctx, 'password', 'password.current_incorrect');
      }
      if (account.totp_enabled_at) {
        if (input.totpCode === undefined && input.recoveryCode === undefined)
          return refuse(account, ctx, 'second_factor_missing', 'deletion.second_factor_required');
        const proved = await secondFactor.prove(account, { code: input.totpCode, recoveryCode: input.recoveryCode });
        if (!proved) return refuse(account, ctx, 'second_factor', 'mfa.code_invalid');
      }
      const contact = contactFor(account, input.channel);
      const checked = await codes
        .check({ purpose: 'delete_account', target: contact.value, code: input.code, accountId: account.id })
        .catch(async (error: unknown) => {
          await audit.record(ctx, {
            event: 'account.deletion_requested',
            outcome: 'failure',
            accountId: account.id,
            details: { reason: 'code' },
          });
          throw error;
        });
      const eraseAfter = new Date(now.getTime() + DELETION_COOLING_OFF_DAYS * DAY_MS);
      await db.tx(async (q) => {
        await codes.consume(q, checked.id);
        if (!(await repo.deactivate(q, account.id, now))) throw new AppError('auth.required');
        await repo.insertRequest(q, account.id, now, eraseAfter);
        const ended = await sessions.endAllFor(q, account.id, 'account_deletion');
        await audit.record(
          ctx,
          {
            event: 'account.deletion_requested',
            outcome: 'success',
            accountId: account.id,
            details: { eraseAfter: eraseAfter.toISOString(), sessionsEnded: ended },
          },
          q,
        );
      });
      return { eraseAfter: eraseAfter.toISOString() };
    },

    /**
     * Cancels with the ticket a full log-in answered (`account.pending_deletion`): the account is
     * active again, its apps and keys work again, and a new session starts (the old ones stay ended).
     */
    async cancel(cancelToken: string, ctx: RequestContext) {
      const ticket = await tickets.peek(cancelToken, 'deletion_cancel', null);
      const account = await accounts.findById(db, ticket.accountId);
      if (!account || account.status !== 'deleting') throw new AppError('ticket.invalid');
      // The session starter sees the account as it is after `before` has run in its transaction.
      const token = await startSession({ ...account, status: 'active' }, ctx, 'deletion_cancel', async (q) => {
        await tickets.consume(q, cancelToken, 'deletion_cancel', account.id);
        const now = clock.now();
        if (!(await repo.cancel(q, account.id, now)) || !(await repo.reactivate(q, account.id, now)))
          throw new AppError('ticket.invalid');
        await audit.record(ctx, { event: 'account.deletion_cancelled', outcome: 'success', accountId: account.id }, q);
      });
      return { account: { ...account, status: 'active' as const }, token };
    },

    /** Staff: the pending requests, soonest erase first; contacts masked. */
    async listPending() {
      const rows = await repo.listPending(db, PENDING_DELETIONS_LISTED);
      return rows.map((r) => ({
        id: r.id,
        accountId: r.account_id,
        username: r.username,
        phone: r.phone ? maskContact(r.phone) : null,
        email: r.email ? maskContact(r.email) : null,
        requestedAt: r.requested_at.toISOString(),
        eraseAfter: r.erase_after.toISOString(),
      }));
    },

    /** Admins: erase a pending (so verified) request now, without waiting out the cooling-off; audited. */
    async eraseNow(staff: SessionAccount, id: string, ctx: RequestContext) {
      if (!(await erasure.erase(id, `staff:${staff.accountId}`, ctx))) throw new AppError('request.not_found');
    },

    /** The maintenance pass: every request whose cooling-off has ended. */
    eraseDue: erasure.eraseDue,
  };
}

export type DeletionService = ReturnType<typeof createDeletionService>;
