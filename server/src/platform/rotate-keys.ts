import type { Db } from './db/index.js';
import { createSealedValuesRepository, type SealedValuesRepository } from './sealed-values-repository.js';
import type { Vault } from './vault.js';

/**
 * Re-encrypts every sealed value not written with the active key (after DATA_KEY_ID changed).
 * Safe to run while serving: each row is rewritten in its own statement, and old keys stay
 * configured until this reports nothing left; then they can be removed from DATA_KEYS.
 */
export async function rotateKeys(db: Db, vault: Vault, repo: SealedValuesRepository = createSealedValuesRepository()) {
  const prefix = `${vault.activeKeyId}:`;
  const counts = { identities: 0, uploads: 0, totpSecrets: 0 };

  for (const row of await repo.identitiesNotSealedWith(db, prefix)) {
    await repo.setIdentity(db, row.id, vault.seal(vault.open(row.identity_encrypted)));
    counts.identities++;
  }

  for (const id of await repo.uploadsNotSealedWith(db, prefix)) {
    const file = (await repo.upload(db, id))!;
    await repo.setUpload(db, id, vault.sealBytes(vault.openBytes(file.envelope, Buffer.from(file.content))));
    counts.uploads++;
  }

  for (const row of await repo.totpSecretsNotSealedWith(db, prefix)) {
    await repo.setTotpSecret(db, row.id, vault.seal(vault.open(row.totp_secret)));
    counts.totpSecrets++;
  }
  return counts;
}
