import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
const f = process.argv[2];
let t = performance.now();
const a = await PGlite.create(f ? { loadDataDir: new Blob([readFileSync(f)]) } : {});
console.log('create', f ? 'load' : 'fresh', performance.now() - t); t = performance.now();
await a.query('select 1'); console.log('q', performance.now() - t); t = performance.now();
const b = await PGlite.create(f ? { loadDataDir: new Blob([readFileSync(f)]) } : {});
console.log('second create', performance.now() - t);
