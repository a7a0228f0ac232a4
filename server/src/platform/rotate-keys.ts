import type { Db } from './db/index.js';
import { SEALED_COLUMNS, type SealedColumn, type SealedColumnName } from './sealed-columns.js';
import { createSealedValuesRepository, type SealedValuesRepository } from './sealed-values-repository.js';
import type { Vault } from './vault.js';

const BATCH = 200;

/**
 * Re-encrypts every sealed value not written with the active key (after DATA_KEY_ID changed),
 * column by column over the registry `SEALED_COLUMNS`. Safe to run while serving: each row is
 * rewritten in its own compare-and-set statement, and old keys stay configured until this
 * reports nothing left; then they can be removed from DATA_KEYS.
 */
export async function rotateKeys(
  db: Db,
  vault: Vault,
  repo: SealedValuesRepository = createSealedValuesRepository(),
  columns: readonly SealedColumn[] = SEALED_COLUMNS,
): Promise<Record<SealedColumnName, number>> {
  const prefix = `${vault.activeKeyId}:`;
  const counts: Record<string, number> = {};
  for (const column of columns) {
    counts[column.name] = 0;
    // Every row of a batch leaves the selection (rewritten, rewritten meanwhile with the active
    // key, or deleted), so each batch starts again from the first id left.
    for (let ids = await repo.idsNotSealedWith(db, column, prefix, BATCH); ids.length > 0;) {
      for (const id of ids) {
        const row = await repo.read(db, column, id);
        if (!row) continue;
        if (column.kind === 'bytes') {
          const sealed = vault.sealBytes(vault.openBytes(row.sealed, row.content ?? Buffer.alloc(0)));
          await repo.write(db, column, id, row.sealed, sealed.envelope, sealed.content);
        } else {
          await repo.write(db, column, id, row.sealed, vault.seal(vault.open(row.sealed)));
        }
        counts[column.name]!++;
      }
      ids = await repo.idsNotSealedWith(db, column, prefix, BATCH);
    }
  }
  return counts as Record<SealedColumnName, number>;
}
