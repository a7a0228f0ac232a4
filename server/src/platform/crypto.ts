import { createHmac, hash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A 6-digit code from the CSPRNG (SECURITY 6), zero-padded. */
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** An opaque 256-bit token, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** One-shot (`crypto.hash`, Node ≥ 20.12): no Hash object per call, on every signed-in request. */
export function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** HMAC-SHA256 over the parts joined by a separator that cannot occur in them. */
export function hmac(secret: Buffer, ...parts: string[]): Buffer {
  return createHmac('sha256', secret).update(parts.join('\u0000')).digest();
}

export function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
