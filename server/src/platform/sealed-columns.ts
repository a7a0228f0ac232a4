/**
 * Every column the vault seals, in one list: key rotation (`rotate-keys.ts`) walks it, so a
 * sealed column added here is rotated with the others and one left out is the only way to forget
 * one. Add an entry when a migration adds a column written with `vault.seal` / `vault.sealBytes`.
 *
 * Names are SQL identifiers used verbatim (constants, never input).
 */
export interface SealedColumn {
  /** The key of the rotation's counts. */
  name: string;
  table: string;
  /** The primary key column. */
  id: string;
  /**
   * `text`: the whole sealed string (`vault.seal`). `bytes`: the envelope in `column` and the
   * ciphertext in `content` (`vault.sealBytes`).
   */
  kind: 'text' | 'bytes';
  column: string;
  content?: string;
}

export const SEALED_COLUMNS = [
  { name: 'identities', table: 'certification_submissions', id: 'id', kind: 'text', column: 'identity_encrypted' },
  { name: 'uploads', table: 'uploads', id: 'id', kind: 'bytes', column: 'envelope', content: 'content' },
  { name: 'totpSecrets', table: 'accounts', id: 'id', kind: 'text', column: 'totp_secret' },
  { name: 'appKeys', table: 'app_keys', id: 'key_id', kind: 'text', column: 'secret_sealed' },
  // Queued messages' params (a code among them) until sent, abandoned or expired.
  { name: 'outboxParams', table: 'message_outbox', id: 'id', kind: 'text', column: 'sealed_params' },
] as const satisfies readonly SealedColumn[];

export type SealedColumnName = (typeof SEALED_COLUMNS)[number]['name'];
