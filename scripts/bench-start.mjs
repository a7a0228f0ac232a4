// `npm run bench:start`: how long `npm start` takes, on the embedded database (no DATABASE_URL),
// from the command to the first answered request (GET /readyz → 200), in two cases:
//
// - first start: an empty data folder (PGlite creates its cluster, every migration runs, the
//   local secrets are generated) and an empty tsx cache (every TypeScript file is transpiled);
// - restart: the same data folder and tsx cache again, the server having been stopped cleanly.
//
// The console must be built already (`npm run build -w web`, which `npm start` does by itself on
// the first run); its build is not part of either figure. Each run starts the same command as
// `npm start` (node --require ./scripts/threadpool.cjs scripts/start.mjs) in a child process with
// PORT on a free port and DATA_DIR and TMPDIR in a throw-away folder, and prints the server's own
// start-up phases (its "started" log line) beside the total.
//
//   npm run bench:start                 3 first starts, 5 restarts
//   npm run bench:start -- --runs=10    10 restarts
//   npm run bench:start -- --first=1
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const restarts = arg('runs', 5);
const firsts = arg('first', 3);

if (!existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
  console.error('Build the console first (npm run build -w web): its build is not part of the start-up figures.');
  process.exit(1);
}

/**
 * CPU seconds (user + system, every thread) the process has used, from /proc (Linux; null
 * elsewhere): unlike the wall time, this hardly moves when other work shares the cores.
 */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts the server, waits for /readyz, stops it with SIGINT; returns the timings in ms. */
async function startOnce(dataDir, tmp) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', './scripts/threadpool.cjs', 'scripts/start.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      TMPDIR: tmp,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let phases = null;
  const collect = (chunk) => {
    output += chunk;
    for (const line of chunk.toString().split('\n')) {
      if (!line.includes('"startup"')) continue;
      try {
        phases = JSON.parse(line).startup;
      } catch {
        // Not a JSON log line.
      }
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let answered = null;
  let cpu = null;
  while (answered === null) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${output}`);
    if (performance.now() - started > 120_000) throw new Error(`no answer within 120 s:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) {
        answered = performance.now() - started;
        cpu = cpuSeconds(child.pid);
      }
    } catch {
      // Not listening yet.
    }
    if (answered === null) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The "started" line comes right after listen; give it a moment to arrive.
  for (let i = 0; i < 50 && phases === null; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGINT');
  await exited;
  return { answered, cpu, phases };
}

const format = (ms) => `${(ms / 1000).toFixed(2)} s`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function report(label, runs) {
  const totals = runs.map((r) => r.answered);
  console.log(
    `\n${label}: median ${format(median(totals))} (range ${format(Math.min(...totals))}–${format(Math.max(...totals))}, ${runs.length} runs)`,
  );
  const cpus = runs.map((r) => r.cpu).filter((c) => c !== null);
  if (cpus.length) console.log(`  CPU used by then (every thread): median ${median(cpus).toFixed(2)} s`);
  const names = Object.keys(runs.find((r) => r.phases)?.phases ?? {});
  for (const name of names) {
    const values = runs.map((r) => r.phases?.[name]).filter((v) => typeof v === 'number');
    if (values.length) console.log(`  ${name.padEnd(24)} ${String(Math.round(median(values))).padStart(6)} ms`);
  }
}

console.log(
  `Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
const work = mkdtempSync(path.join(tmpdir(), 'devplat-bench-start-'));
try {
  const first = [];
  const restart = [];
  for (let i = 0; i < firsts; i++) {
    const dataDir = path.join(work, `first-${i}`);
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    first.push(await startOnce(dataDir, tmp));
    process.stdout.write(`first start ${i + 1}: ${format(first.at(-1).answered)}, CPU ${first.at(-1).cpu} s\n`);
  }
  const dataDir = path.join(work, 'restart');
  const tmp = mkdtempSync(path.join(work, 'tmp-'));
  await startOnce(dataDir, tmp); // creates the data folder and fills the tsx cache
  for (let i = 0; i < restarts; i++) {
    restart.push(await startOnce(dataDir, tmp));
    process.stdout.write(`restart ${i + 1}: ${format(restart.at(-1).answered)}, CPU ${restart.at(-1).cpu} s\n`);
  }
  if (first.length) report('first start (empty data folder, empty tsx cache)', first);
  if (restart.length) report('restart (same data folder, tsx cache filled)', restart);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
