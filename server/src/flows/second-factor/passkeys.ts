import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { sha256 } from '../../platform/crypto.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import type { ChallengePurpose, PasskeyRow, SecondFactorRepository } from './repository.js';

/** A challenge lives 5 minutes; the browser is told 2 (WebAuthn `timeout`). */
export const CHALLENGE_TTL_SECONDS = 300;
const TIMEOUT_MS = 120_000;
/** How many passkeys one account may hold. */
export const MAX_PASSKEYS = 10;
/** Anonymous log-in ceremonies a client IP may start per minute (each stores a challenge). */
export const PASSKEY_OPTIONS_PER_IP_MINUTE = 30;

export type PasskeyPurpose = Exclude<ChallengePurpose, 'register'>;

/** The challenge a response claims to answer, read from its client data (checked again by the library). */
function claimedChallenge(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

export const toPasskey = (row: PasskeyRow) => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
});

/** The library, loaded on the first ceremony rather than at start-up (docs/benchmark.md, "Start-up"). */
const webauthn = () => import('@simplewebauthn/server');

/**
 * Passkeys (WebAuthn) with @simplewebauthn/server. The relying party is `PUBLIC_URL`: its host is
 * the rp id, its origin the only accepted origin. Every ceremony starts with a challenge made
 * here, stored as its SHA-256 with an expiry and the account it is for, and used up before the
 * response is verified, so a response can never be replayed; the signature counter must grow
 * (the library refuses a counter that does not) and is moved forward in SQL from the value read.
 * User verification is required, so a passkey alone is two factors (possession + PIN/biometric).
 */
export function createPasskeys(deps: {
  db: Db;
  clock: Clock;
  repo: SecondFactorRepository;
  audit: Audit;
  publicUrl: string;
  rpName: string;
}) {
  const { db, clock, repo, audit } = deps;
  const url = new URL(deps.publicUrl);
  const rpID = url.hostname;
  const origin = url.origin;

  const remember = async (challenge: string, purpose: ChallengePurpose, accountId: string | null) => {
    const now = clock.now();
    // Spent and expired challenges are useless: each new one sweeps them out.
    await repo.deleteExpiredChallenges(db, now);
    await repo.insertChallenge(db, {
      hash: sha256(challenge),
      purpose,
      accountId,
      now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000),
    });
  };

  /** Uses the response's challenge up; it must be one we issued for this purpose (and account). */
  const spend = async (clientDataJSON: string, purpose: ChallengePurpose, accountId: string | null) => {
    const challenge = claimedChallenge(clientDataJSON);
    if (!challenge || !(await repo.consumeChallenge(db, sha256(challenge), purpose, accountId, clock.now()))) {
      throw new AppError('passkey.invalid');
    }
    return challenge;
  };

  const descriptors = (rows: PasskeyRow[]) =>
    rows.map((p) => ({ id: p.credential_id, transports: p.transports as AuthenticatorTransportFuture[] }));

  return {
    rpID,
    origin,

    list: async (accountId: string) => (await repo.listPasskeys(db, accountId)).map(toPasskey),

    async registrationOptions(me: SessionAccount) {
      const existing = await repo.listPasskeys(db, me.accountId);
      if (existing.length >= MAX_PASSKEYS) throw new AppError('passkey.limit');
      const options = await (
        await webauthn()
      ).generateRegistrationOptions({
        rpName: deps.rpName,
        rpID,
        userName: me.email ?? me.phone ?? me.username,
        userDisplayName: me.username,
        userID: new TextEncoder().encode(me.accountId),
        timeout: TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: descriptors(existing),
        // Discoverable, so it can log in alone; verified, so alone it is still two factors.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      await remember(options.challenge, 'register', me.accountId);
      return options;
    },

    async register(me: SessionAccount, name: string, response: RegistrationResponseJSON, ctx: RequestContext) {
      const challenge = await spend(response.response.clientDataJSON, 'register', me.accountId);
      const result = await (
        await webauthn()
      )
        .verifyRegistrationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        })
        .catch(() => null);
      if (!result?.verified || !result.registrationInfo) {
        await audit.record(ctx, { event: 'passkey.added', outcome: 'failure', accountId: me.accountId });
        throw new AppError('passkey.invalid');
      }
      const { credential } = result.registrationInfo;
      if (await repo.findPasskey(db, credential.id)) throw new AppError('passkey.invalid');
      return db.tx(async (q) => {
        const row = await repo.insertPasskey(q, {
          accountId: me.accountId,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
          name: name.trim() || 'Passkey',
          now: clock.now(),
        });
        await audit.record(
          ctx,
          { event: 'passkey.added', outcome: 'success', accountId: me.accountId, details: { name: row.name } },
          q,
        );
        return toPasskey(row);
      });
    },

    async remove(me: SessionAccount, id: string, ctx: RequestContext) {
      await db.tx(async (q) => {
        const row = await repo.deletePasskey(q, me.accountId, id);
        if (!row) throw new AppError('request.not_found');
        await audit.record(
          ctx,
          { event: 'passkey.removed', outcome: 'success', accountId: me.accountId, details: { name: row.name } },
          q,
        );
      });
    },

    /** Options for a log-in: discoverable (any passkey of this site) or one account's passkeys. */
    async authenticationOptions(purpose: PasskeyPurpose, accountId: string | null) {
      const allow = accountId ? descriptors(await repo.listPasskeys(db, accountId)) : undefined;
      const options = await (
        await webauthn()
      ).generateAuthenticationOptions({
        rpID,
        timeout: TIMEOUT_MS,
        userVerification: 'required',
        ...(allow ? { allowCredentials: allow } : {}),
      });
      await remember(options.challenge, purpose, accountId);
      return options;
    },

    /**
     * Verifies an assertion and returns the account id of the passkey used. For a second factor
     * the challenge and the passkey must belong to `accountId`.
     */
    async authenticate(response: AuthenticationResponseJSON, purpose: PasskeyPurpose, accountId: string | null) {
      const challenge = await spend(response.response.clientDataJSON, purpose, accountId);
      const row = await repo.findPasskey(db, response.id);
      if (!row || (accountId !== null && row.account_id !== accountId)) throw new AppError('passkey.invalid');
      const counter = Number(row.counter);
      const result = await (
        await webauthn()
      )
        .verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: {
            id: row.credential_id,
            publicKey: new Uint8Array(row.public_key),
            counter,
            transports: row.transports as AuthenticatorTransportFuture[],
          },
          requireUserVerification: true,
        })
        .catch(() => null);
      if (!result?.verified) throw new AppError('passkey.invalid');
      const { newCounter } = result.authenticationInfo;
      if (!(await repo.usePasskey(db, row.id, counter, newCounter, clock.now()))) throw new AppError('passkey.invalid');
      return { accountId: row.account_id, passkeyId: row.id };
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
