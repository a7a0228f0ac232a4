import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Vault } from '../../platform/vault.js';
import type { AppsRepository } from '../apps/repository.js';
import type { AppCaller } from '../devices/service.js';
import type { NonceStore } from './nonces.js';
import { canonicalString, signCanonical } from '../../../../clients/open-api-signing/signature.js';

/** Allowed difference between the request's timestamp and the server clock (PRODUCT: ±5 min). */
export const MAX_SKEW_SECONDS = 300;

/** A key's last-used time is written at most this often, so busy keys do not queue on one row. */
export const KEY_LAST_USED_EVERY_SECONDS = 60;

const HEADERS = {
  'x-app-id': /^app_[a-z2-7]{16}$/,
  'x-key-id': /^key_[a-z2-7]{16}$/,
  'x-nonce': /^[A-Za-z0-9_-]{16,64}$/,
  'x-timestamp': /^[0-9]{1,12}$/,
  'x-signature': /^[0-9a-fA-F]{64}$/,
} as const;

type HeaderName = keyof typeof HEADERS;

function header(request: FastifyRequest, name: HeaderName): string {
  const value = request.headers[name];
  // A repeated header arrives as an array (or joined): refused rather than guessed at.
  if (typeof value !== 'string' || !HEADERS[name].test(value))
    throw new AppError('open_api.header_invalid', { header: name });
  return value;
}

/**
 * Authenticates one open API request (SECURITY 37). Order matters: cheap shape and clock checks
 * first; then the key and the signature, so nobody without the AppKey learns a key's state; the
 * nonce is claimed last, so an unsigned request cannot burn a client's future nonce.
 */
export function createOpenApiAuth(deps: {
  db: Queryable;
  clock: Clock;
  vault: Vault;
  apps: AppsRepository;
  nonces: NonceStore;
}) {
  const { db, clock, vault, apps, nonces } = deps;
  return async function authenticate(request: FastifyRequest, rawBody: Buffer): Promise<AppCaller> {
    const appId = header(request, 'x-app-id');
    const keyId = header(request, 'x-key-id');
    const nonce = header(request, 'x-nonce');
    const timestamp = header(request, 'x-timestamp');
    const signature = header(request, 'x-signature').toLowerCase();

    const skew = Math.abs(Math.floor(clock.now().getTime() / 1000) - Number(timestamp));
    if (skew > MAX_SKEW_SECONDS) throw new AppError('open_api.timestamp_skew', { maxSkewSeconds: MAX_SKEW_SECONDS });

    // A deleted key (or app) has no row: it fails here at once.
    const key = await apps.findKeyForSigning(db, appId, keyId);
    if (!key) throw new AppError('open_api.key_invalid');

    const url = request.raw.url ?? '/';
    const cut = url.indexOf('?');
    const canonical = canonicalString({
      method: request.method,
      path: cut === -1 ? url : url.slice(0, cut),
      rawQuery: cut === -1 ? '' : url.slice(cut + 1),
      body: rawBody,
      appId,
      keyId,
      nonce,
      timestamp,
    });
    const expected = Buffer.from(signCanonical(vault.open(key.secret_sealed), canonical), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new AppError('open_api.signature_invalid');

    // State is read on every request, so disabling takes effect at once.
    if (key.state !== 'active') throw new AppError('open_api.key_disabled');
    // The owner's status too: a disabled developer's apps stop with them (read per request).
    if (key.owner_status !== 'active') throw new AppError('open_api.account_disabled');
    if (!(await nonces.claim(appId, nonce))) throw new AppError('open_api.nonce_replayed');

    // Last-used is written at most once a minute; the look-up above already says whether it is
    // due, so a key used within the minute costs no statement (one round trip of four, measured).
    const now = clock.now();
    const due = new Date(now.getTime() - KEY_LAST_USED_EVERY_SECONDS * 1000);
    if (!key.last_used_at || key.last_used_at < due) await apps.touchKey(db, keyId, now, due);
    return { appId, ownerId: key.owner_id };
  };
}

export type OpenApiAuth = ReturnType<typeof createOpenApiAuth>;
