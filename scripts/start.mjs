// `npm start`: serves the API and the console on one port, in this same process.
// - NODE_ENV=production: runs the compiled server (server/dist, from `npm run build`) with node;
//   refuses when it or the console is not built, rather than compiling on a production host.
// - otherwise (the laptop's `npm ci && npm start`): builds the console if it is missing or older
//   than its sources, bundles the server the same way (server/build.mjs, esbuild: about a
//   second) if server/dist is missing or older than its sources, then runs the bundle with node.
//   Running the sources through tsx instead cost about 2 s of CPU on every start (tsx's loader
//   hooks on each of the hundreds of modules, even with its cache filled: docs/benchmark.md,
//   "Start-up"); tsx remains the fallback where esbuild is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

// Milliseconds since the process started at each step, read by the server's "started" log line
// (server/src/main.ts) so that `npm run bench:start` shows where the start-up goes.
const marks = (globalThis.devplatStartupMarks = {});
const mark = (step) => (marks[step] = Math.round(performance.now()));
mark('startScript');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web', 'dist', 'index.html');

/** The newest modification time in `dir`, folders included (a deleted file changes its folder's). */
function newest(dir) {
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** True when `output` is missing or older than any of `inputs` (files or folders). */
const stale = (output, inputs) =>
  !existsSync(output) ||
  Math.max(...inputs.map((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs))) >
    statSync(output).mtimeMs;

if (process.env.NODE_ENV === 'production') {
  const server = path.join(root, 'server', 'dist', 'main.js');
  for (const file of [server, built]) {
    if (!existsSync(file)) {
      console.error(`${path.relative(root, file)} is missing: run \`npm run build\` before starting in production.`);
      process.exit(1);
    }
  }
  await import(server);
} else {
  await startFromSources();
}

async function startFromSources() {
  if (stale(built, [path.join(root, 'web', 'src'), path.join(root, 'common', 'src')])) {
    console.log('Building the console (web/dist)…');
    const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  mark('consoleChecked');

  const bundle = path.join(root, 'server', 'dist', 'main.js');
  // What server/build.mjs bundles: the server, the workspace code it imports, and the build itself.
  const inputs = ['server/src', 'common/src', 'clients/open-api-signing', 'server/build.mjs', 'server/package.json'];
  if (await esbuildInstalled()) {
    if (
      stale(
        bundle,
        inputs.map((p) => path.join(root, p)),
      )
    ) {
      console.log('Bundling the server (server/dist)…');
      await import(pathToFileURL(path.join(root, 'server', 'build.mjs')).href);
    }
    mark('serverBundled');
    // Stack traces name the TypeScript sources (the bundle's source maps).
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  mark('tsxRegistered');
  await import(pathToFileURL(path.join(root, 'server', 'src', 'main.ts')).href);
}

async function esbuildInstalled() {
  try {
    createRequire(path.join(root, 'server', 'package.json')).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}
