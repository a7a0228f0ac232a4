import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { LoginRepository } from './repository.js';
import type { Challenges } from '../../platform/challenge/service.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { parseContact } from '../../platform/contacts.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { KnownDevices } from '../../platform/known-devices.js';
import type { Limiter } from '../../platform/limits.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Passwords } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions/index.js';
import type { LoginFailures } from '../../platform/login-failures.js';
import { LOGIN_THROTTLE, waitSeconds, type ThrottlePolicy } from '../../platform/throttle.js';
import type { Tickets } from '../../platform/tickets.js';
import type { PendingDeletionGate } from '../account-deletion/service.js';
import type { SecondFactorService } from '../second-factor/service.js';

/** The pending log-in between the password and the second factor lives 5 minutes. */
export const PENDING_LOGIN_TTL_SECONDS = 300;

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

export type LoginResult =
  | { account: AccountRow; token: string; enrol?: boolean }
  | { account: AccountRow; pending: { pendingToken: string; expiresInSeconds: number; methods: SecondFactorMethod[] } };

/**
 * The one way a log-in ends in a session (password alone, password + second factor, passkey):
 * the failure counter is cleared only here, so a right password can never reset the count of
 * wrong second-factor codes. An account pending deletion gets no session: once every factor its
 * log-in asks for has passed, the answer is `account.pending_deletion` with the erase date and a
 * ticket that can only cancel the deletion (flows/account-deletion). A browser and network new to
 * the account queue the new-device notice in the same transaction as the session (issue 15 point 3).
 */
export function createSessionStarter(deps: {
  db: Db;
  repo: LoginRepository;
  sessions: Sessions;
  audit: Audit;
  pendingDeletion: PendingDeletionGate;
  knownDevices: KnownDevices;
  messenger: Messenger;
  loginFailures: LoginFailures;
}) {
  const { db, repo, sessions, audit, pendingDeletion, knownDevices, messenger, loginFailures } = deps;
  return async (
    account: AccountRow,
    ctx: RequestContext,
    method: string,
    before?: (q: Queryable) => Promise<void>,
    /** A half-open session that reaches only the second-factor enrolment (SECURITY_PROFILE=mlps). */
    mfaPending = false,
  ) => {
    if (account.status === 'deleting') {
      // Committed before the refusal: the used second-factor ticket, the audit row, the cancel ticket.
      const state = await db.tx(async (q) => {
        await before?.(q);
        return pendingDeletion(q, account, ctx);
      });
      throw state ? new AppError('account.pending_deletion', state) : new AppError('auth.invalid_credentials');
    }
    const { token, row } = sessions.prepare({
      accountId: account.id,
      ip: ctx.ip,
      role: account.role,
      userAgent: ctx.userAgent,
      mfaPending,
    });
    const login = audit.rowOf(ctx, { event: 'login', outcome: 'success', accountId: account.id, details: { method } });
    // A device the account knows: one statement (repo.startOnKnownDevice).
    const onKnownDevice = (q: Queryable) =>
      repo.startOnKnownDevice(
        q,
        knownDevices.seenOf(account.id, ctx, row.now),
        row,
        login,
        loginFailures.ownKeys(account),
      );
    // Else the long way, in a transaction: the known-devices check (which notes the device and
    // queues its notices), the session and the audit row (which carries the check's answer) in
    // one statement, then the failure counters, cleared in key order (the order a concurrent
    // failed log-in takes them in: the other order deadlocked).
    const onNewDevice = async (q: Queryable) => {
      const isNew = await knownDevices.onLogin(q, account, ctx, row.now);
      await repo.startSession(q, row, isNew ? { ...login, details: { method, newDevice: isNew } } : login);
      await loginFailures.clearFor(q, account);
      return isNew;
    };
    // A second step's `before` (its ticket used) commits with the session, whichever way.
    const newDevice = before
      ? await db.tx(async (q) => {
          await before(q);
          return (await onKnownDevice(q)) ? false : onNewDevice(q);
        })
      : (await onKnownDevice(db))
        ? false
        : await db.tx(onNewDevice);
    if (newDevice) messenger.wake();
    return token;
  };
}

export type SessionStarter = ReturnType<typeof createSessionStarter>;

export function createLoginService(deps: {
  db: Db;
  repo: LoginRepository;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  audit: Audit;
  tickets: Tickets;
  secondFactor: SecondFactorService;
  startSession: SessionStarter;
  /** Failed log-ins per client IP. */
  ipFailures: Limiter;
  metrics?: Pick<Metrics, 'loginFailures' | 'loginHardStops'>;
  /** The proof-of-work asked for over the per-IP cap. */
  challenges: Challenges;
  /** Failures per account and per typed identifier (issue 13 point 3, issue 14 finding 2). */
  loginFailures: LoginFailures;
  /** The profile's throttle (LOGIN_THROTTLE, or MLPS_LOGIN_LOCK under SECURITY_PROFILE=mlps). */
  throttle?: ThrottlePolicy;
  /** PASSWORD_MAX_AGE_DAYS (SECURITY_PROFILE=mlps): an older right password must be reset first. */
  passwordMaxAgeDays?: number | null;
  /**
   * SECURITY_PROFILE=mlps: true for an account that must enrol a second factor before anything
   * else (a certified enterprise developer without TOTP); absent under nist.
   */
  mustEnrolSecondFactor?: (account: AccountRow) => Promise<boolean>;
}) {
  const { db, repo, clock, accounts, passwords, audit, tickets, secondFactor, startSession, ipFailures, challenges } =
    deps;
  const { loginFailures } = deps;
  const throttle = deps.throttle ?? LOGIN_THROTTLE;

  return {
    /**
     * Phone or email + password. Every failure — unknown account, wrong password, disabled —
     * answers the same `auth.invalid_credentials`, after the same argon2 work (a dummy hash for
     * unknown accounts), so none can be told apart (SECURITY 12).
     *
     * While the throttle is in force (issue 13 point 3) the answer is `auth.throttled` with the
     * seconds left (Retry-After), or `auth.locked` at the hard stop, whatever the password, and
     * before any password is checked. Failures are counted per account and per typed identifier
     * (an HMAC): an identifier no account has earns the same answer after the same number of
     * wrong tries, with the same database work, so the throttled answer tells nothing about
     * whether the identifier is registered (SECURITY 14).
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
    ): Promise<LoginResult> {
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
      const key = loginFailures.keyOf(input.identifier);
      const decoyId = loginFailures.decoyIdOf(key);
      const {
        account: found,
        accountFailures,
        identifierFailures,
      } = await repo.lookup(db, parseContact(input.identifier), key, decoyId);
      const now = clock.now();

      // The longer of the two waits: the account's (any of its identifiers; the decoy's for an
      // unknown identifier) and the typed identifier's.
      const wait = Math.max(
        waitSeconds(accountFailures.count, accountFailures.lastAt, now, throttle),
        waitSeconds(identifierFailures.count, identifierFailures.lastAt, now, throttle),
      );
      if (wait > 0) {
        await audit.record(ctx, {
          event: 'login',
          outcome: 'failure',
          accountId: found?.id ?? null,
          details: { reason: wait === Infinity ? 'hard_stop' : 'throttled' },
        });
        deps.metrics?.loginFailures.inc({ reason: 'throttled' });
        if (wait === Infinity) throw new AppError('auth.locked');
        throw new AppError('auth.throttled', { retryAfterSeconds: wait }, wait);
      }

      const passwordOk = found
        ? await passwords.verify(found.password_hash, input.password)
        : await passwords.verifyDummy(input.password);
      // The whole account only after a right password (a wrong one reads no more, SECURITY 12).
      const account = found && passwordOk ? await accounts.findById(db, found.id) : null;

      let reason: string | null = null;
      if (!found) reason = 'unknown_account';
      else if (!passwordOk) reason = 'wrong_password';
      // Erased between the two reads: as unknown.
      else if (!account) reason = 'unknown_account';
      // An account pending deletion goes on: with the right password (and second factor) it is
      // told so and may cancel (the session starter answers it); a disabled one is refused here.
      else if (account.status === 'disabled') reason = 'disabled';

      if (reason !== null || !account) {
        // Wrong password and unknown account do the same database work, one statement (one
        // commit, one WAL flush): two counters upserted, the account's (for an unknown identifier
        // its decoy account counter) and the typed identifier's, and the audit row, so the write
        // does not give registered accounts away by timing (issue 14, finding 2). Only wrong
        // passwords count.
        const failure = {
          event: 'login',
          outcome: 'failure',
          accountId: (passwordOk ? account : found)?.id ?? null,
          details: { reason },
        } as const;
        if (!passwordOk) {
          await repo.recordFailure(
            db,
            loginFailures.failureKeys(found?.id ?? decoyId, key),
            now,
            audit.rowOf(ctx, failure),
          );
          await ipFailures.consume(ctx.ip);
          if (found && accountFailures.count + 1 === throttle.hardStop) deps.metrics?.loginHardStops.inc();
        } else await audit.record(ctx, failure);
        deps.metrics?.loginFailures.inc({ reason: reason ?? 'unknown_account' });
        throw new AppError('auth.invalid_credentials');
      }

      // MLPS expiry (PASSWORD_MAX_AGE_DAYS): the right password, too old, earns no session; the
      // way on is forgot-password (a code to a contact, then a new password outside the history).
      const maxAgeDays = deps.passwordMaxAgeDays ?? null;
      const setAt = account.password_changed_at ?? account.created_at;
      if (maxAgeDays !== null && now.getTime() - setAt.getTime() > maxAgeDays * 86_400_000) {
        await audit.record(ctx, {
          event: 'login',
          outcome: 'failure',
          accountId: account.id,
          details: { reason: 'password_expired' },
        });
        throw new AppError('auth.password_expired', { maxAgeDays });
      }

      // With a second factor on, the password only earns a short-lived pending log-in bound to
      // this account; the failure counter is not cleared until the second factor passes.
      const methods = await secondFactor.methodsOf(account);
      if (methods.length > 0) {
        const { ticket, expiresInSeconds } = await tickets.issue(
          db,
          'login_second_factor',
          account.id,
          PENDING_LOGIN_TTL_SECONDS,
        );
        await audit.record(ctx, { event: 'login.password_verified', outcome: 'success', accountId: account.id });
        return { account, pending: { pendingToken: ticket, expiresInSeconds, methods } };
      }
      // Under mlps a certified enterprise developer without a second factor gets a half-open
      // session: only the TOTP enrolment (and /me, log-out) until a first code confirms it.
      const enrol = (await deps.mustEnrolSecondFactor?.(account)) ?? false;
      const token = await startSession(account, ctx, 'password', undefined, enrol);
      return { account, token, enrol };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
