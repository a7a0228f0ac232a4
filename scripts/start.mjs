// `npm start`: serves the API and the console on one port, in this same process.
// - NODE_ENV=production: runs the compiled server (server/dist, from `npm run build`) with node;
//   refuses when it or the console is not built, rather than compiling on a production host.
// - otherwise (the laptop's `npm ci && npm start`): builds the console if it is missing or older
//   than its sources, then runs the TypeScript server through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Milliseconds since the process started at each step, read by the server's "started" log line
// (server/src/main.ts) so that `npm run bench:start` shows where the start-up goes.
const marks = (globalThis.devplatStartupMarks = {});
const mark = (step) => (marks[step] = Math.round(performance.now()));
mark('startScript');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

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
  const sources = [path.join(root, 'web', 'src'), path.join(root, 'common', 'src')];
  if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
    console.log('Building the console (web/dist)…');
    const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  mark('consoleChecked');

  const { register } = await import('tsx/esm/api');
  register();
  mark('tsxRegistered');
  await import(path.join(root, 'server', 'src', 'main.ts'));
}
