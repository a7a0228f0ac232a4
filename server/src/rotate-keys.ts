/** `npm run rotate-keys`: re-encrypt data at rest with DATA_KEY_ID (see docs/operations.md). */
import { loadConfig } from './config.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import { rotateKeys } from './platform/rotate-keys.js';
import { createVault } from './platform/vault.js';

const config = loadConfig();
const db = await openDatabase(config);
await migrate(db);
const counts = await rotateKeys(db, createVault(config.dataKeys, config.dataKeyId));
console.log(`re-encrypted with key "${config.dataKeyId}": ${JSON.stringify(counts)}`);
await db.close();
