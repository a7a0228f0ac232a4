import type { Db } from './db/index.js';
import type { Vault } from './vault.js';

/**
 * Re-encrypts every sealed value not written with the active key (after DATA_KEY_ID changed).
 * Safe to run while serving: each row is rewritten in its own statement, and old keys stay
 * configured until this reports nothing left; then they can be removed from DATA_KEYS.
 */
export async function rotateKeys(db: Db, vault: Vault) {
  const prefix = `${vault.activeKeyId}:`;
  const counts = { identities: 0, uploads: 0, totpSecrets: 0 };

  const subs = await db.query<{ id: string; identity_encrypted: string }>(
    `SELECT id, identity_encrypted FROM certification_submissions WHERE identity_encrypted NOT LIKE $1 || '%'`,
    [prefix],
  );
  for (const row of subs.rows) {
    await db.query('UPDATE certification_submissions SET identity_encrypted = $2 WHERE id = $1', [
      row.id,
      vault.seal(vault.open(row.identity_encrypted)),
    ]);
    counts.identities++;
  }

  const files = await db.query<{ id: string }>(`SELECT id FROM uploads WHERE envelope NOT LIKE $1 || '%'`, [prefix]);
  for (const { id } of files.rows) {
    const { rows } = await db.query<{ envelope: string; content: Buffer }>(
      'SELECT envelope, content FROM uploads WHERE id = $1',
      [id],
    );
    const sealed = vault.sealBytes(vault.openBytes(rows[0]!.envelope, Buffer.from(rows[0]!.content)));
    await db.query('UPDATE uploads SET envelope = $2, content = $3 WHERE id = $1', [
      id,
      sealed.envelope,
      sealed.content,
    ]);
    counts.uploads++;
  }

  const secrets = await db.query<{ id: string; totp_secret: string }>(
    `SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE $1 || '%'`,
    [prefix],
  );
  for (const row of secrets.rows) {
    await db.query('UPDATE accounts SET totp_secret = $2 WHERE id = $1', [
      row.id,
      vault.seal(vault.open(row.totp_secret)),
    ]);
    counts.totpSecrets++;
  }
  return counts;
}
