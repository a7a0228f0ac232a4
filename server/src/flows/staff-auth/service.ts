import { Secret, TOTP } from 'otpauth';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount, Sessions } from '../../platform/sessions/index.js';
import type { Vault } from '../../platform/vault.js';
import { isThrottled } from '../../platform/throttle.js';

const ISSUER = 'AIoT Developer Platform';

/** How long an unconfirmed secret is handed out again by repeated set-up calls. */
export const TOTP_SETUP_TTL_MS = 15 * 60_000;

const totpFor = (secret: Secret, label: string) =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret });

/**
 * The staff second factor (SECURITY 16): RFC 6238 TOTP, set up at the first log-in, then asked
 * at every log-in. A code is accepted once (its time step must be newer than the last one used),
 * and wrong codes feed the same per-account throttle as passwords.
 */
export function createStaffAuthService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  sessions: Sessions;
  vault: Vault;
  audit: Audit;
}) {
  const { db, clock, accounts, sessions, vault, audit } = deps;

  const load = async (me: SessionAccount) => {
    if (me.role === 'developer') throw new AppError('auth.forbidden');
    const account = await accounts.findById(db, me.accountId);
    if (!account) throw new AppError('auth.required');
    return account;
  };

  return {
    async step(accountId: string): Promise<'setup' | 'verify'> {
      const account = await accounts.findById(db, accountId);
      return account?.totp_enabled_at ? 'verify' : 'setup';
    },

    /**
     * The secret for an account without a confirmed authenticator; confirmed by the first good
     * code. While unconfirmed and younger than TOTP_SETUP_TTL_MS it is the same secret each time
     * (a reload must not void a QR code already scanned); after that a new one replaces it.
     */
    async setup(me: SessionAccount) {
      const account = await load(me);
      if (account.totp_enabled_at) throw new AppError('mfa.already_enrolled');
      const now = clock.now();
      const fresh =
        account.totp_secret !== null &&
        account.totp_secret_set_at !== null &&
        now.getTime() - account.totp_secret_set_at.getTime() < TOTP_SETUP_TTL_MS;
      const secret = fresh ? Secret.fromBase32(vault.open(account.totp_secret!)) : new Secret({ size: 20 });
      if (!fresh) await accounts.setTotpSecret(db, account.id, vault.seal(secret.base32), now);
      return {
        secret: secret.base32,
        otpauthUrl: totpFor(secret, account.email ?? account.phone ?? account.username).toString(),
      };
    },

    async verify(me: SessionAccount, code: string, ctx: RequestContext) {
      const account = await load(me);
      if (!account.totp_secret) throw new AppError('mfa.code_invalid');
      const now = clock.now();
      const totp = totpFor(Secret.fromBase32(vault.open(account.totp_secret)), account.username);
      const delta = /^\d{6}$/.test(code) ? totp.validate({ token: code, timestamp: now.getTime(), window: 1 }) : null;
      const step = totp.counter({ timestamp: now.getTime() }) + (delta ?? 0);
      const replay = account.totp_last_step !== null && step <= Number(account.totp_last_step);
      if (delta === null || replay || isThrottled(account.failed_login_count, account.last_failed_login_at, now)) {
        if (delta === null || replay) await accounts.recordLoginFailure(db, account.id, now);
        await audit.record(ctx, { event: 'mfa.verify', outcome: 'failure', accountId: account.id });
        throw new AppError('mfa.code_invalid');
      }
      await db.tx(async (q) => {
        // The step only moves forward: two requests with the same code cannot both pass.
        if (!(await accounts.advanceTotpStep(q, account.id, step, now))) throw new AppError('mfa.code_invalid');
        await audit.record(
          ctx,
          {
            event: 'mfa.verify',
            outcome: 'success',
            accountId: account.id,
            details: { enrolled: !account.totp_enabled_at },
          },
          q,
        );
      });
      await sessions.passMfa(me.sessionId);
    },
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
