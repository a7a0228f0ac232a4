import { createHash, createHmac } from 'node:crypto';

/**
 * The signed open API's canonical request (SECURITY 37). The server verifies with this very
 * file, so a client that copies it builds exactly the string the server does. README.md and
 * docs/open-api.md walk through an example.
 *
 *   METHOD \n PATH \n CANONICAL_QUERY \n hex(SHA-256(body bytes)) \n AppID \n KeyID \n Nonce \n Timestamp
 */
export interface CanonicalParts {
  method: string;
  /** The path exactly as sent on the request line, without the query. */
  path: string;
  /** The raw query string as sent (without '?'), '' when there is none. */
  rawQuery: string;
  body: Uint8Array;
  appId: string;
  keyId: string;
  nonce: string;
  timestamp: string;
}

/** RFC 3986 percent-encoding: only A–Z a–z 0–9 - . _ ~ stay as they are. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The query in one spelling whatever the client's: every name and value form-decoded ('+' is a
 * space), re-encoded per RFC 3986, pairs sorted by name then value, joined with '&'. A name
 * without '=' counts as an empty value.
 */
export function canonicalQuery(rawQuery: string): string {
  const pairs = [...new URLSearchParams(rawQuery)].map(([k, v]) => [rfc3986(k), rfc3986(v)] as const);
  // Encoded strings are ASCII, so code-unit order is byte order.
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function canonicalString(p: CanonicalParts): string {
  return [
    p.method.toUpperCase(),
    p.path,
    canonicalQuery(p.rawQuery),
    sha256Hex(p.body),
    p.appId,
    p.keyId,
    p.nonce,
    p.timestamp,
  ].join('\n');
}

/** hex(HMAC-SHA256(key = the AppKey string's UTF-8 bytes, message = the canonical string)). */
export function signCanonical(appKey: string, canonical: string): string {
  return createHmac('sha256', Buffer.from(appKey, 'utf8')).update(canonical, 'utf8').digest('hex');
}
