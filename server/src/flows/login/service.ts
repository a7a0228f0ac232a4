import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { parseContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Limiter } from '../../platform/limits.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Passwords } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions/index.js';
import { isThrottled, LOGIN_THROTTLE } from '../../platform/throttle.js';

export function createLoginService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  sessions: Sessions;
  audit: Audit;
  /** Failed log-ins per client IP. */
  ipFailures: Limiter;
  metrics?: Pick<Metrics, 'loginFailures' | 'loginHardStops'>;
}) {
  const { db, clock, accounts, passwords, sessions, audit, ipFailures } = deps;

  return {
    /**
     * Phone or email + password. Every failure — unknown account, wrong password, throttled,
     * disabled, IP over its limit — answers the same `auth.invalid_credentials`, after the same
     * argon2 work (a dummy hash for unknown accounts), so none can be told apart (SECURITY 12).
     */
    async login(
      input: { identifier: string; password: string },
      ctx: RequestContext,
    ): Promise<{ account: AccountRow; token: string }> {
      const ipState = await ipFailures.blocked(ctx.ip);
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
      else if (ipState.blocked) reason = 'ip_limited';

      if (reason !== null || !account) {
        if (!passwordOk) {
          // Only wrong passwords count: the owner's right password during a delay does not extend it.
          if (account) await accounts.recordLoginFailure(db, account.id, now);
          await ipFailures.consume(ctx.ip);
          if (account && account.failed_login_count + 1 === LOGIN_THROTTLE.hardStop) deps.metrics?.loginHardStops.inc();
        }
        deps.metrics?.loginFailures.inc({ reason: reason ?? 'unknown_account' });
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
