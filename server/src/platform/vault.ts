import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from './errors.js';

/**
 * A value sealed with a key no longer in DATA_KEYS (removed before `npm run rotate-keys`
 * finished): a coded `data_key.missing` to the caller, and the operator's fix in the message the
 * error handler logs.
 */
export class DataKeyMissingError extends AppError {
  constructor(readonly keyId: string) {
    super('data_key.missing');
    this.message = `data key "${keyId}" is not in DATA_KEYS: add it back, run npm run rotate-keys until it reports zeros, then remove it`;
  }
}

/**
 * Encryption of data at rest (SECURITY 34–35): AES-256-GCM, a fresh 96-bit IV per value, and the
 * key id stored beside the ciphertext so keys can be rotated: new data uses the active key, old
 * data stays readable while its key is configured, and `npm run rotate-keys` re-encrypts it.
 */
export interface Vault {
  readonly activeKeyId: string;
  /** "<key id>:<iv>:<tag>:<ciphertext>", base64 parts. */
  seal(plain: string): string;
  open(sealed: string): string;
  /** For large binary content: the envelope ("<key id>:<iv>:<tag>") and the ciphertext apart. */
  sealBytes(plain: Buffer): { envelope: string; content: Buffer };
  openBytes(envelope: string, content: Buffer): Buffer;
}

export function createVault(keys: Map<string, Buffer>, activeKeyId: string): Vault {
  const key = (id: string) => {
    const k = keys.get(id);
    if (!k) throw new DataKeyMissingError(id);
    return k;
  };
  const encrypt = (plain: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key(activeKeyId), iv);
    const content = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { envelope: `${activeKeyId}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}`, content };
  };
  const decrypt = (envelope: string, content: Buffer) => {
    const [id, iv, tag] = envelope.split(':');
    const decipher = createDecipheriv('aes-256-gcm', key(id!), Buffer.from(iv!, 'base64'));
    decipher.setAuthTag(Buffer.from(tag!, 'base64'));
    return Buffer.concat([decipher.update(content), decipher.final()]);
  };
  return {
    activeKeyId,
    seal(plain) {
      const { envelope, content } = encrypt(Buffer.from(plain, 'utf8'));
      return `${envelope}:${content.toString('base64')}`;
    },
    open(sealed) {
      const cut = sealed.lastIndexOf(':');
      return decrypt(sealed.slice(0, cut), Buffer.from(sealed.slice(cut + 1), 'base64')).toString('utf8');
    },
    sealBytes: encrypt,
    openBytes: decrypt,
  };
}
