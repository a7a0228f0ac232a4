import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Challenges } from '../../platform/challenge/service.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { parseContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Limiter } from '../../platform/limits.js';
import type { Passwords } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions/index.js';
import { isThrottled } from '../../platform/throttle.js';

export function createLoginService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  sessions: Sessions;
  audit: Audit;
  /** Failed log-ins per client IP. */
  ipFailures: Limiter;
  /** The proof-of-work asked for over the per-IP cap. */
  challenges: Challenges;
}) {
  const { db, clock, accounts, passwords, sessions, audit, ipFailures, challenges } = deps;

  return {
    /**
     * Phone or email + password. Every failure — unknown account, wrong password, throttled,
     * disabled — answers the same `auth.invalid_credentials`, after the same argon2 work (a dummy
     * hash for unknown accounts), so none can be told apart (SECURITY 12).
     *
     * Over the per-IP failure cap the address is not locked out (offices, campuses and carrier
     * NAT share one): every log-in from it must bring a solved proof-of-work challenge, each
     * accepted once, which makes guessing costly and lets a correct password through (issue 14,
     * finding 3). This is checked before any account is looked up, so it answers the same for
     * everyone. The per-account throttle stays as it is.
     */
    async login(
      input: { identifier: string; password: string; challenge?: string },
      ctx: RequestContext,
    ): Promise<{ account: AccountRow; token: string }> {
      const ipState = await ipFailures.blocked(ctx.ip);
      if (ipState.blocked) {
        try {
          await challenges.verify(input.challenge);
        } catch (refusal) {
          await audit.record(ctx, {
            event: 'login',
            outcome: 'failure',
            accountId: null,
            details: { reason: input.challenge ? 'challenge_invalid' : 'challenge_required' },
          });
          throw refusal;
        }
      }
      const contact = parseContact(input.identifier);
      const account = contact ? await accounts.findByContact(db, contact) : null;
      const passwordOk = account
        ? await passwords.verify(account.password_hash, input.password)
        : await passwords.verifyDummy(input.password);
      const now = clock.now();

      let reason: string | null = null;
      if (!account) reason = 'unknown_account';
      else if (!passwordOk) reason = 'wrong_password';
      else if (account.status !== 'active') reason = 'disabled';
      else if (isThrottled(account.failed_login_count, account.last_failed_login_at, now)) reason = 'throttled';

      if (reason !== null || !account) {
        if (!passwordOk) {
          // Only wrong passwords count: the owner's right password during a delay does not extend it.
          if (account) await accounts.recordLoginFailure(db, account.id, now);
          await ipFailures.consume(ctx.ip);
        }
        await audit.record(ctx, {
          event: 'login',
          outcome: 'failure',
          accountId: account?.id ?? null,
          details: { reason },
        });
        throw new AppError('auth.invalid_credentials');
      }

      const token = await db.tx(async (q) => {
        await accounts.clearLoginFailures(q, account.id);
        const created = await sessions.create(q, {
          accountId: account.id,
          ip: ctx.ip,
          role: account.role,
          userAgent: ctx.userAgent,
        });
        await audit.record(ctx, { event: 'login', outcome: 'success', accountId: account.id }, q);
        return created;
      });
      return { account, token };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
