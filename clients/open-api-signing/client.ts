import { randomBytes } from 'node:crypto';
import { canonicalString, rfc3986, signCanonical } from './signature.js';

export { canonicalQuery, canonicalString, signCanonical } from './signature.js';

export type QueryValue = string | number | boolean;

export interface SignInput {
  appId: string;
  keyId: string;
  appKey: string;
  method: string;
  /** e.g. '/open/v1/devices' (no query). */
  path: string;
  query?: Record<string, QueryValue | QueryValue[]>;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  /** The signing time (default: now). */
  now?: Date;
  /** 16–64 characters (default: 32 random hex characters). */
  nonce?: string;
}

export interface SignedRequest {
  method: string;
  /** Path plus query, to put on the request line. */
  url: string;
  headers: Record<string, string>;
  /** The exact bytes that were signed; send these as the body (undefined: no body). */
  body: string | Buffer | undefined;
  canonical: string;
}

/**
 * Signs one open API request (docs/open-api.md). Send `url`, `headers` and `body` unchanged:
 * any change to the method, path, query or body bytes invalidates the signature.
 */
export function signRequest(input: SignInput): SignedRequest {
  const method = input.method.toUpperCase();
  const rawQuery = Object.entries(input.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${rfc3986(k)}=${rfc3986(String(one))}`))
    .join('&');
  const body =
    input.body === undefined || typeof input.body === 'string' || Buffer.isBuffer(input.body)
      ? input.body
      : JSON.stringify(input.body);
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const timestamp = String(Math.floor((input.now ?? new Date()).getTime() / 1000));
  const canonical = canonicalString({
    method,
    path: input.path,
    rawQuery,
    body: bytes,
    appId: input.appId,
    keyId: input.keyId,
    nonce,
    timestamp,
  });
  const headers: Record<string, string> = {
    'x-app-id': input.appId,
    'x-key-id': input.keyId,
    'x-nonce': nonce,
    'x-timestamp': timestamp,
    'x-signature': signCanonical(input.appKey, canonical),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method, url: rawQuery ? `${input.path}?${rawQuery}` : input.path, headers, body, canonical };
}
