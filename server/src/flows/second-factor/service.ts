import type { SecurityEventType } from '@devplat/common';
import { randomInt } from 'node:crypto';
import { normalizeCreditCode, normalizeIdNumber } from '@devplat/common';
import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { equalBytes, hmac } from '../../platform/crypto.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Passwords } from '../../platform/passwords.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import { isThrottled, LOGIN_THROTTLE, type ThrottlePolicy } from '../../platform/throttle.js';
import type { Totp } from '../../platform/totp.js';
import { identityHmac } from '../certification/identity.js';
import type { Passkeys } from './passkeys.js';
import type { SecondFactorRepository } from './repository.js';

/** Ten recovery codes, each 10 characters of a 31-letter alphabet (~50 bits), shown as XXXXX-XXXXX. */
export const RECOVERY_CODES = { count: 10, length: 10, alphabet: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' } as const;

const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODES.length; i++)
    code += RECOVERY_CODES.alphabet[randomInt(RECOVERY_CODES.alphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What the second step of a log-in (or turning TOTP off) accepts. */
export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
}

/**
 * A developer's second factor: opt-in TOTP with recovery codes, plus the admin-assisted recovery.
 * Recovery codes are random (~50 bits), so an HMAC under the app secret is enough to store them
 * (no slow hash needed) and lets one UPDATE find and use a code atomically.
 */
export function createSecondFactorService(deps: {
  db: Db;
  clock: Clock;
  secret: Buffer;
  accounts: AccountsRepository;
  repo: SecondFactorRepository;
  passwords: Passwords;
  totp: Totp;
  passkeys: Passkeys;
  audit: Audit;
  /** The profile's throttle (LOGIN_THROTTLE by default). */
  throttle?: ThrottlePolicy;
  /** Turns a half-open session into a full one (the mlps enrolment ends with the first code). */
  passMfa?: (sessionId: string) => Promise<unknown>;
}) {
  const { db, clock, secret, accounts, repo, passwords, totp, passkeys, audit } = deps;
  const throttle = deps.throttle ?? LOGIN_THROTTLE;

  const hashOf = (accountId: string, code: string) =>
    hmac(secret, 'recovery-code', accountId, normalizeRecoveryCode(code));

  const developer = async (me: SessionAccount) => {
    if (me.role !== 'developer') throw new AppError('auth.forbidden');
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  /** A wrong password counts like a wrong log-in password; a throttled account is refused (SECURITY 5, 14). */
  const checkPassword = async (
    account: AccountRow,
    password: string,
    event: SecurityEventType,
    ctx: RequestContext,
  ) => {
    const ok = await passwords.verify(account.password_hash, password);
    if (!ok || isThrottled(account.failed_login_count, account.last_failed_login_at, clock.now(), throttle)) {
      if (!ok) await accounts.recordLoginFailure(db, account.id, clock.now());
      await audit.record(ctx, { event, outcome: 'failure', accountId: account.id, details: { reason: 'password' } });
      throw new AppError('password.current_incorrect');
    }
  };

  const issueRecoveryCodes = async (accountId: string, q: Queryable) => {
    const codes = Array.from({ length: RECOVERY_CODES.count }, newRecoveryCode);
    await repo.replaceRecoveryCodes(
      q,
      accountId,
      codes.map((c) => hashOf(accountId, c)),
      clock.now(),
    );
    return codes;
  };

  /** True when the proof is a current TOTP code or an unused recovery code (used up now). Wrong ones count as failures. */
  const prove = async (account: AccountRow, proof: SecondFactorProof): Promise<'totp' | 'recovery_code' | null> => {
    const now = clock.now();
    if (proof.code !== undefined) return (await totp.verify(db, account, proof.code.trim(), now)) ? 'totp' : null;
    if (proof.recoveryCode === undefined) return null;
    if (isThrottled(account.failed_login_count, account.last_failed_login_at, now, throttle)) return null;
    if (await repo.useRecoveryCode(db, account.id, hashOf(account.id, proof.recoveryCode), now)) return 'recovery_code';
    await accounts.recordLoginFailure(db, account.id, now);
    return null;
  };

  return {
    prove,

    /** Which second factors a password log-in must ask for: none unless TOTP is on. */
    async methodsOf(account: AccountRow): Promise<('totp' | 'recovery_code' | 'passkey')[]> {
      if (account.role !== 'developer' || !account.totp_enabled_at) return [];
      const keys = await repo.countPasskeys(db, account.id);
      return keys > 0 ? ['totp', 'recovery_code', 'passkey'] : ['totp', 'recovery_code'];
    },

    async status(me: SessionAccount) {
      const account = await accounts.findById(db, me.accountId);
      if (!account) throw new AppError('auth.required');
      return {
        totp: account.totp_enabled_at !== null,
        recoveryCodesLeft: account.totp_enabled_at ? await repo.recoveryCodesLeft(db, account.id) : 0,
        passkeys: await passkeys.list(account.id),
      };
    },

    /** A new secret (replacing an unconfirmed one); TOTP is on only once a first code confirms it. */
    async setupTotp(me: SessionAccount) {
      const account = await developer(me);
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      return totp.newSecret(db, account, clock.now());
    },

    /** The first good code turns TOTP on and yields the recovery codes, shown this once. */
    async confirmTotp(me: SessionAccount, code: string, ctx: RequestContext) {
      const account = await developer(me);
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      if (!(await totp.verify(db, account, code.trim(), clock.now()))) {
        await audit.record(ctx, { event: 'mfa.totp_enabled', outcome: 'failure', accountId: account.id });
        throw new AppError('mfa.code_invalid');
      }
      return db
        .tx(async (q) => {
          const recoveryCodes = await issueRecoveryCodes(account.id, q);
          await audit.record(ctx, { event: 'mfa.totp_enabled', outcome: 'success', accountId: account.id }, q);
          return { recoveryCodes };
        })
        .then(async (result) => {
          if (me.mfaPending) await deps.passMfa?.(me.sessionId);
          return result;
        });
    },

    /** Turning TOTP off needs the password and a current code (not a recovery code). */
    async disableTotp(me: SessionAccount, input: { password: string; code: string }, ctx: RequestContext) {
      const account = await developer(me);
      if (!account.totp_enabled_at) throw new AppError('mfa.not_enrolled');
      await checkPassword(account, input.password, 'mfa.totp_disabled', ctx);
      if (!(await totp.verify(db, account, input.code.trim(), clock.now()))) {
        await audit.record(ctx, { event: 'mfa.totp_disabled', outcome: 'failure', accountId: account.id });
        throw new AppError('mfa.code_invalid');
      }
      await db.tx(async (q) => {
        await repo.removeTotp(q, account.id, clock.now());
        await audit.record(ctx, { event: 'mfa.totp_disabled', outcome: 'success', accountId: account.id }, q);
      });
    },

    /** New recovery codes (after the password); every old one is void at once. */
    async regenerateRecoveryCodes(me: SessionAccount, password: string, ctx: RequestContext) {
      const account = await developer(me);
      if (!account.totp_enabled_at) throw new AppError('mfa.not_enrolled');
      await checkPassword(account, password, 'mfa.recovery_codes_regenerated', ctx);
      return db.tx(async (q) => {
        const recoveryCodes = await issueRecoveryCodes(account.id, q);
        await audit.record(
          ctx,
          { event: 'mfa.recovery_codes_regenerated', outcome: 'success', accountId: account.id },
          q,
        );
        return { recoveryCodes };
      });
    },

    /**
     * Admin-assisted recovery for a developer who lost both the authenticator and the recovery
     * codes: the admin enters the certification identity (ID number or credit code) the person
     * presents, and the second factors go only when its HMAC matches the account's approved
     * certification. Audited either way.
     */
    async adminReset(staff: SessionAccount, accountId: string, identity: string, ctx: RequestContext) {
      const account = await accounts.findById(db, accountId);
      if (!account || account.role !== 'developer') throw new AppError('request.not_found');
      const actor = `staff:${staff.accountId}`;
      const approved = await repo.approvedIdentity(db, accountId);
      const now = clock.now();
      const normalized = approved
        ? approved.type === 'enterprise'
          ? normalizeCreditCode(identity)
          : normalizeIdNumber(identity, now)
        : null;
      const matches =
        approved !== null &&
        normalized !== null &&
        equalBytes(identityHmac(secret, approved.type, normalized), approved.identity_hmac);
      if (!matches) {
        await audit.record(ctx, {
          event: 'mfa.admin_reset',
          outcome: 'failure',
          accountId,
          actor,
          details: { reason: approved ? 'identity_mismatch' : 'not_certified' },
        });
        throw new AppError('mfa.identity_mismatch');
      }
      await db.tx(async (q) => {
        await repo.removeTotp(q, accountId, now);
        const passkeysRemoved = await repo.removePasskeys(q, accountId);
        await audit.record(
          ctx,
          { event: 'mfa.admin_reset', outcome: 'success', accountId, actor, details: { passkeysRemoved } },
          q,
        );
      });
    },
  };
}

export type SecondFactorService = ReturnType<typeof createSecondFactorService>;
