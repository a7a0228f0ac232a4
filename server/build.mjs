// `npm run build -w server`: bundles the server's commands into server/dist with esbuild. The
// workspace code (@devplat/common, consumed as TypeScript source, and clients/open-api-signing)
// is bundled in; every npm dependency stays external and is loaded from node_modules at run time
// (native ones such as @node-rs/argon2 and sharp, and PGlite's WASM, cannot be bundled). The
// bundle sits two folders below the repository root like src/ does, so paths resolved from
// import.meta.dirname (the repository root, the migrations) are the same in both.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;
const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });

rmSync(path.join(here, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [
    ...['main', 'migrate', 'staff', 'rotate-keys'].map((name) => path.join(here, 'src', `${name}.ts`)),
    // The embedded database's worker thread (platform/db/pglite-worker.ts loads it from beside
    // the chunks, as dist/pglite-thread.js).
    { in: path.join(here, 'src', 'platform', 'db', 'pglite-thread.ts'), out: 'pglite-thread' },
  ],
  outdir: path.join(here, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
