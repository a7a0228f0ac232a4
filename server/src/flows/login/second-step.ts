import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Limiter } from '../../platform/limits.js';
import type { Tickets } from '../../platform/tickets.js';
import type { Passkeys } from '../second-factor/passkeys.js';
import type { SecondFactorService } from '../second-factor/service.js';
import type { SessionStarter } from './service.js';

export interface SecondStepInput {
  pendingToken: string;
  code?: string;
  recoveryCode?: string;
  passkey?: AuthenticationResponseJSON;
}

/**
 * The second step of a log-in and the passkey log-in. The pending token only names the account
 * whose password was right a few minutes ago; it is used up by the session it turns into, and
 * every wrong code feeds the account's log-in throttle.
 */
export function createSecondStepService(deps: {
  db: Db;
  accounts: AccountsRepository;
  tickets: Tickets;
  secondFactor: SecondFactorService;
  passkeys: Passkeys;
  startSession: SessionStarter;
  audit: Audit;
  /** Anonymous passkey log-in options per client IP (each stores a challenge). */
  optionsPerIp: Limiter;
}) {
  const { db, accounts, tickets, secondFactor, passkeys, startSession, audit, optionsPerIp } = deps;

  const pendingAccount = async (pendingToken: string): Promise<AccountRow> => {
    const ticket = await tickets.peek(pendingToken, 'login_second_factor', null);
    const account = await accounts.findById(db, ticket.accountId);
    // 'deleting' goes on to the session starter, which answers account.pending_deletion.
    if (!account || account.status === 'disabled') throw new AppError('ticket.invalid');
    return account;
  };

  return {
    /** Passkey options for the second step: only the pending account's passkeys. */
    async passkeyOptions(pendingToken: string) {
      const account = await pendingAccount(pendingToken);
      return passkeys.authenticationOptions('second_factor', account.id);
    },

    async complete(input: SecondStepInput, ctx: RequestContext) {
      const account = await pendingAccount(input.pendingToken);
      let method: string | null;
      if (input.passkey) {
        method = await passkeys.authenticate(input.passkey, 'second_factor', account.id).then(
          () => 'passkey',
          () => null,
        );
      } else {
        method = await secondFactor.prove(account, { code: input.code, recoveryCode: input.recoveryCode });
      }
      if (!method) {
        await audit.record(ctx, { event: 'login.second_factor', outcome: 'failure', accountId: account.id });
        throw new AppError(input.passkey ? 'passkey.invalid' : 'mfa.code_invalid');
      }
      const token = await startSession(account, ctx, method, async (q) => {
        await tickets.consume(q, input.pendingToken, 'login_second_factor', account.id);
      });
      return { account, token };
    },

    /** Options for a log-in with a passkey alone (discoverable: no account named). */
    async passkeyLoginOptions(ctx: RequestContext) {
      const byIp = await optionsPerIp.consume(ctx.ip);
      if (!byIp.ok)
        throw new AppError('passkey.throttled', { retryAfterSeconds: byIp.retryAfterSeconds }, byIp.retryAfterSeconds);
      return passkeys.authenticationOptions('login', null);
    },

    /** A passkey with user verification is two factors on its own: no password, no code. */
    async loginWithPasskey(response: AuthenticationResponseJSON, ctx: RequestContext) {
      const result = await passkeys.authenticate(response, 'login', null).catch(async (error: unknown) => {
        await audit.record(ctx, { event: 'login', outcome: 'failure', details: { reason: 'passkey' } });
        throw error;
      });
      const account = await accounts.findById(db, result.accountId);
      if (!account || account.status === 'disabled') {
        await audit.record(ctx, {
          event: 'login',
          outcome: 'failure',
          accountId: result.accountId,
          details: { reason: 'disabled' },
        });
        throw new AppError('passkey.invalid');
      }
      const token = await startSession(account, ctx, 'passkey');
      return { account, token };
    },
  };
}

export type SecondStepService = ReturnType<typeof createSecondStepService>;
