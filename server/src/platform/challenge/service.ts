import { CHALLENGE_TTL_SECONDS, type VerificationPurpose } from '@devplat/common';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import type { Clock } from '../clock.js';
import { hmac } from '../crypto.js';
import { AppError } from '../errors.js';
import type { Limiter } from '../limits.js';
import type { UsedChallenges } from './store.js';

/** The fixed part of the proof-of-work policy; the difficulty is CODE_CHALLENGE_MAX_NUMBER. */
export const CHALLENGE_POLICY = {
  ttlSeconds: CHALLENGE_TTL_SECONDS,
  algorithm: 'SHA-256',
} as const;

/** The longest payload accepted (a widget's payload is about 300 characters). */
export const CHALLENGE_PAYLOAD_MAX = 2000;

/**
 * Self-hosted proof-of-work (ALTCHA, protocol v1 of altcha-lib): the server signs a challenge
 * with an HMAC key derived from APP_SECRET; the browser finds the number whose SHA-256 it is;
 * the server checks the signature, the expiry (on the injectable clock) and that the challenge
 * was not used before. Nothing about it depends on who asks or for which contact.
 */
export interface Challenges {
  issue(): Promise<Challenge>;
  /** Throws `challenge.required` without a payload, `challenge.invalid` for a wrong, expired or used one. */
  verify(payload: string | undefined): Promise<void>;
}

export function createChallenges(deps: {
  secret: Buffer;
  clock: Clock;
  maxNumber: number;
  used: UsedChallenges;
}): Challenges {
  const { clock, maxNumber, used } = deps;
  const hmacKey = hmac(deps.secret, 'altcha-challenge').toString('hex');

  /** The payload's expiry, or null when it is not one of ours or not readable. */
  const check = async (payload: string): Promise<{ signature: string; expiresAt: Date } | null> => {
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Record<string, unknown>;
      if (parsed.algorithm !== CHALLENGE_POLICY.algorithm || typeof parsed.signature !== 'string') return null;
      // The expiry is checked below on the injectable clock, not the library's Date.now().
      if (!(await verifySolution(payload, hmacKey, false))) return null;
      const expires = Number(extractParams(payload).expires);
      if (!Number.isInteger(expires)) return null;
      return { signature: parsed.signature, expiresAt: new Date(expires * 1000) };
    } catch {
      return null;
    }
  };

  return {
    issue: () =>
      createChallenge({
        algorithm: CHALLENGE_POLICY.algorithm,
        hmacKey,
        maxnumber: maxNumber,
        expires: new Date(clock.now().getTime() + CHALLENGE_POLICY.ttlSeconds * 1000),
      }),

    async verify(payload) {
      if (!payload) throw new AppError('challenge.required');
      const solved = await check(payload);
      if (!solved || solved.expiresAt.getTime() <= clock.now().getTime()) throw new AppError('challenge.invalid');
      // Accepted once: a solved challenge cannot be replayed for a second send.
      if (!(await used.claim(solved.signature, solved.expiresAt))) throw new AppError('challenge.invalid');
    },
  };
}

/** The purposes anyone may ask a code for without a session: the ones the challenge guards. */
const GUARDED: readonly VerificationPurpose[] = ['register', 'reset_password'];

/**
 * The codes service's `beforeSend` for CODE_CHALLENGE: `always` asks every register and reset
 * send for a solved challenge; `after:N` only once the IP made N such sends within the hour
 * (counted by `freeSends`); `off` never. Signed-in sends (contact changes) are not guarded.
 */
export function createCodeChallengeCheck(deps: {
  mode: 'always' | 'after' | 'off';
  challenges: Challenges;
  freeSends: Limiter | null;
}) {
  return async (input: { purpose: VerificationPurpose; ip: string; challenge?: string }) => {
    if (deps.mode === 'off' || !GUARDED.includes(input.purpose)) return;
    if (deps.mode === 'after' && deps.freeSends && (await deps.freeSends.consume(input.ip)).ok) return;
    await deps.challenges.verify(input.challenge);
  };
}
