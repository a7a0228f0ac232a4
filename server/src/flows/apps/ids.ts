import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 80 random bits as 16 lower-case base32 characters (RFC 4648 alphabet). */
function base32Of80Bits(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The public AppID: server-made, never chosen by the client. */
export const newAppId = () => `app_${base32Of80Bits()}`;
export const newKeyId = () => `key_${base32Of80Bits()}`;
/** The AppKey: 256 bits from the CSPRNG (SECURITY 36), base64url (43 characters). */
export const newAppKey = () => randomBytes(32).toString('base64url');

export const APP_ID_PATTERN = '^app_[a-z2-7]{16}$';
export const KEY_ID_PATTERN = '^key_[a-z2-7]{16}$';
