import { loadConfig } from './config.js';
import { openDatabase } from './platform/db/open.js';
import { migrate } from './platform/db/migrate.js';

const config = loadConfig();
const db = await openDatabase(config);
const applied = await migrate(db);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
await db.close();
