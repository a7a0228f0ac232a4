/**
 * `--peer`: the better-auth peer benchmark (../shared/peers/better-auth, read-only there), copied
 * to a temp folder and run with its own run.sh (its own throwaway PostgreSQL, about 4 minutes),
 * in the same invocation as our own phases. Returns its results.json.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../src/config.js';
import { freePort } from './server.js';

export const PEER_DIR =
  process.env.BENCH_PEER_DIR || path.resolve(repoRoot, '..', '..', 'shared', 'peers', 'better-auth');

export interface PeerResult {
  hash: { medianMs: number; hashesPerSec2InFlight: number };
  signIn: { reqPerSec: number; latencyMs: { p50: number; p99: number }; serverPlusPgCpuMsPerReq: number | null };
  getSession: {
    reqPerSec: number;
    latencyMs: { p50: number; p99: number };
    serverCpuMsPerReq: number;
    pgCpuMsPerReq: number | null;
    serverPlusPgCpuMsPerReq: number | null;
  };
  [key: string]: unknown;
}

export async function runPeer(): Promise<{ results: PeerResult; seconds: number }> {
  const source = [PEER_DIR, '/work/shared/peers/better-auth'].find((d) => existsSync(path.join(d, 'run.sh')));
  if (!source) throw new Error(`the better-auth peer is not at ${PEER_DIR} (BENCH_PEER_DIR names another folder)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'devplat-peer-'));
  const started = performance.now();
  try {
    cpSync(source, dir, {
      recursive: true,
      filter: (p) => !p.includes(`${path.sep}node_modules`) && !p.endsWith(`${path.sep}data`),
    });
    const env = { ...process.env, PORT: String(await freePort()), PGPORT: String(await freePort()) };
    console.log(`\npeer: better-auth (${source} copied to ${dir}), bash run.sh — about 4 minutes…`);
    const child = spawn('bash', ['run.sh'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of d.toString().split('\n'))
        if (line.startsWith('==') || line.includes('req/s')) console.log(`  peer ${line.trim()}`);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the peer's run.sh exited ${code}:\n${out.slice(-3000)}`);
    const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as PeerResult;
    return { results, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
