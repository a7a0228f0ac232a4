import console from 'node:console';
import process from 'node:process';
// After `vite build`: the gzip size of the JavaScript each route loads before the person types
// (the entry, the route's lazy chunks and everything they import statically), checked against
// bundle-budget.json. Lazy imports inside a page (zxcvbn's dictionaries) are not counted: they
// load later. Exits 1 when a route is over its budget or a listed chunk is missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, process.argv[2] ?? 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const { routes } = JSON.parse(readFileSync(path.join(root, 'bundle-budget.json'), 'utf8'));

const gzipKb = new Map();
function sizeOf(file) {
  if (!gzipKb.has(file)) gzipKb.set(file, gzipSync(readFileSync(path.join(dist, file))).length / 1024);
  return gzipKb.get(file);
}

/** The files a chunk brings with it: itself and its static imports, transitively. */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`bundle-budget: no chunk for ${key} in the manifest`);
  if (files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
let failed = false;
console.log('route               gzip KB   budget');
for (const [route, { chunks, budgetKb }] of Object.entries(routes)) {
  const files = closure(entry);
  for (const key of chunks) closure(key, files);
  const total = [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + sizeOf(f), 0);
  const over = total > budgetKb;
  failed ||= over;
  console.log(
    `${route.padEnd(18)} ${total.toFixed(1).padStart(8)} ${String(budgetKb).padStart(8)}${over ? '  OVER' : ''}`,
  );
}
if (failed) {
  console.error('bundle-budget: a route is over its budget (web/bundle-budget.json)');
  process.exit(1);
}
