import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Real processes for the cluster and fault tests: a throwaway PostgreSQL cluster, a redis-server,
 * server nodes (`src/main.ts` through tsx) and nginx in front of them, each on its own free
 * loopback port, never the machine's shared services. Every wait is bounded, and `stopAll`
 * (afterAll, and process exit) kills whatever is still running.
 */

const serverDir = path.resolve(import.meta.dirname, '..', '..');
const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];
/** Children stopped with SIGTERM (they stop their own children, and quickly). */
const gentle = new WeakSet<ChildProcess>();

/** Kills every child this harness started and removes its folders (idempotent). */
export function stopAll() {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    // nginx's master must pass it on to its workers: SIGKILL would orphan them.
    child.kill(gentle.has(child) ? 'SIGTERM' : 'SIGKILL');
  }
  children.clear();
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // Best effort: a folder already gone, a cluster already stopped.
    }
  }
}
process.once('exit', stopAll);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it is true; throws after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** A TCP port nobody listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function track(child: ChildProcess, output: { text: string }) {
  children.add(child);
  child.stdout?.on('data', (d: Buffer) => (output.text = (output.text + d.toString()).slice(-200_000)));
  child.stderr?.on('data', (d: Buffer) => (output.text = (output.text + d.toString()).slice(-200_000)));
  child.once('exit', () => children.delete(child));
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** Sends `signal` and waits (bounded) for the exit; SIGKILL after `ms`. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals, ms = 15_000) {
  const done = exited(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await done;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: initdb in a temp folder, own port, as the postgres user when we are root.

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) =>
  existsSync(path.join(d, 'initdb')),
);

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const [bin, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(bin, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

export interface Postgres {
  port: number;
  url: (database?: string) => string;
  start(): Promise<void>;
  /** Fast shutdown: PostgreSQL ends every connection (57P01) and stops. */
  stop(): void;
  /** Immediate: like a crash (kill -9 of the postmaster); recovery runs on the next start. */
  crash(): void;
  psql(sql: string, database?: string): string;
}

/** A throwaway PostgreSQL cluster on its own port (never the shared one on 5432). */
export async function startPostgres(): Promise<Postgres> {
  if (!PG_BIN) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql');
  const dir = mkdtempSync(path.join(tmpdir(), 'devplat-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  asPostgres(path.join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const ctl = (...args: string[]) => asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pg: Postgres = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      ctl('-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', options, 'start');
    },
    stop: () => void ctl('-w', '-t', '60', '-m', 'fast', 'stop'),
    crash: () => void ctl('-m', 'immediate', 'stop'),
    psql: (sql, database = 'postgres') => {
      const result = spawnSync(
        'psql',
        [
          '-X',
          '-At',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          database,
          '-c',
          sql,
        ],
        {
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
      return result.stdout.trim();
    },
  };
  cleanups.push(() => {
    spawnSync(process.getuid?.() === 0 ? 'runuser' : path.join(PG_BIN, 'pg_ctl'), [
      ...(process.getuid?.() === 0 ? ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl')] : []),
      '-D',
      data,
      '-m',
      'immediate',
      'stop',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
  await pg.start();
  return pg;
}

// ---------------------------------------------------------------------------------------------
// Redis: redis-server as a child on its own port, nothing on disk.

export interface RedisServer {
  port: number;
  url: string;
  start(): Promise<void>;
  /** kill -9: the node sees the connection drop mid-flight. */
  kill(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const output = { text: '' };
  const redis: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      track(child, output);
      await until('redis-server', () => output.text.includes('Ready to accept connections'), 15_000);
    },
    async kill() {
      if (child) await kill(child, 'SIGKILL');
      child = null;
    },
  };
  await redis.start();
  return redis;
}

// ---------------------------------------------------------------------------------------------
// Server nodes.

/** Settings every node of one cluster shares (secrets must match for codes and sealed data). */
export function clusterEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    APP_SECRET: randomBytes(32).toString('hex'),
    DATA_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    WEB_DIST: path.join(tmpdir(), 'devplat-no-web'),
    // The cluster and fault tests drive code sends from scripts: the proof-of-work (tested on its
    // own in challenge.test.ts and in the browser) is off for them.
    CODE_CHALLENGE: 'off',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000',
    RATE_LIMIT_OPEN_API_PER_MINUTE: '1000000',
    ...extra,
  };
}

export interface Node {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: () => Promise<void>;
}

/** Starts one server process and waits (bounded) until /healthz answers. */
export async function startNode(
  name: string,
  env: Record<string, string>,
  options: { port?: number; wait?: boolean } = {},
): Promise<Node> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), `devplat-${name}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  track(child, output);
  const node: Node = {
    name,
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => output.text,
    exited: () => exited(child),
  };
  if (options.wait !== false) await nodeUp(node);
  return node;
}

export async function nodeUp(node: Node, ms = 90_000) {
  await until(
    `node ${node.name} on ${node.port}`,
    async () => {
      if (node.child.exitCode !== null) throw new Error(`node ${node.name} exited:\n${node.output()}`);
      return (await fetch(`${node.base}/healthz`)).ok;
    },
    ms,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- ${node.name} output ---\n${node.output()}`);
  });
}

// ---------------------------------------------------------------------------------------------
// nginx in front of the nodes.

/** nginx's own source address towards the nodes: the one TRUST_PROXY names. */
export const NGINX_SOURCE = '127.0.0.2';

export interface Nginx {
  port: number;
  base: string;
  /**
   * Takes nodes out of (or back into) the upstream and reloads gracefully: what an operator
   * does before SIGTERM, since open-source nginx has no active health checks to see /readyz.
   */
  setDown(ports: number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Debian's nginx as a non-daemon child with its own prefix and config in a temp folder. It
 * connects to the nodes from 127.0.0.2 (`proxy_bind`), so a node trusting only that address
 * believes nginx's X-Forwarded-For and nobody else's, even other clients on loopback. A node
 * that fails or closes a connection is retried on the next one (`proxy_next_upstream`), for
 * idempotent and non-idempotent requests alike only when nothing was sent yet (the default).
 */
export async function startNginx(ports: number[], listenPort?: number): Promise<Nginx> {
  const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginxBin) throw new Error('nginx is not installed (apt-get install -y nginx-light)');
  const dir = mkdtempSync(path.join(tmpdir(), 'devplat-nginx-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = listenPort ?? (await freePort());
  const conf = path.join(dir, 'nginx.conf');
  const write = (down: number[]) =>
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream nodes {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=0${down.includes(p) ? ' down' : ''};`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://nodes;
      proxy_bind ${NGINX_SOURCE};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
`,
    );
  write([]);
  const child = spawn(nginxBin, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  track(child, output);
  gentle.add(child);
  await until(
    'nginx',
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${output.text}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.status === 200;
    },
    15_000,
  );
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    async setDown(down) {
      write(down);
      const reload = spawnSync(nginxBin, ['-p', dir, '-c', conf, '-s', 'reload'], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      if (reload.status !== 0) throw new Error(`nginx reload failed: ${reload.stderr}`);
      // The new worker takes over; the old one finishes its requests (graceful reload).
      await sleep(300);
    },
    stop: () => kill(child, 'SIGQUIT'),
  };
}
