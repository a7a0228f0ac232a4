import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../procs/client.js';
import {
  clusterEnv,
  kill,
  startNode,
  startPostgres,
  stopAll,
  until,
  type Node,
  type Postgres,
} from '../procs/processes.js';

/**
 * WORKERS=2 on one host without Redis (issue 12, point 1): the primary forks two workers that
 * share the port; the per-IP counters live in the primary, so a cap is counted once for the
 * host whichever worker a request lands on; a dead worker is replaced; SIGTERM to the primary
 * drains both and exits 0. Real processes (the server through tsx, its own PostgreSQL).
 */
const PER_MINUTE = 30;
const FAILURES_PER_HOUR = 4;

let pg: Postgres;
let node: Node;

/** The live child processes of `pid` (the workers of a primary). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Node processes only: tsx may run its esbuild service as another child of the primary.
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(fields[1]) === pid && fields[0] !== 'Z' && command === 'node') found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** pids of the processes whose request log lines are in the output (pino writes `pid`). */
function answeringPids(output: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"request completed"')) continue;
    try {
      pids.add((JSON.parse(line) as { pid: number }).pid);
    } catch {
      // a partial line
    }
  }
  return pids;
}

beforeAll(async () => {
  pg = await startPostgres();
  node = await startNode(
    'workers',
    clusterEnv({
      DATABASE_URL: pg.url(),
      WORKERS: '2',
      LOG_LEVEL: 'info',
      LOG_REQUESTS: 'true',
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      LOGIN_FAILURES_PER_IP_HOUR: String(FAILURES_PER_HOUR),
    }),
  );
  await until('two workers listening', () => node.output().includes('2 workers listening'), 120_000).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\n${node.output()}\nchildren: ${childrenOf(node.child.pid!).join(' ')}`);
    },
  );
});
afterAll(stopAll);

describe('WORKERS=2 without Redis', () => {
  it('counts the per-request cap of one IP once across both workers', async () => {
    // A new connection per request (the client sets agent: false): the primary hands
    // connections to the workers in turn, so both answer.
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 10; i++) {
      statuses.push((await call(node.base, { path: '/api/v1/session', from: '127.0.0.3' })).status);
    }
    expect(answeringPids(node.output()).size).toBe(2);
    // Counted per worker, 2 × 30 would pass; counted once for the host, exactly 30 do.
    // (/healthz polled by startNode came from 127.0.0.1, another key.)
    expect(statuses.filter((s) => s === 200)).toHaveLength(PER_MINUTE);
    expect(statuses.slice(PER_MINUTE).every((s) => s === 429)).toBe(true);
    // Another address has its own budget.
    expect((await call(node.base, { path: '/api/v1/session', from: '127.0.0.4' })).status).toBe(200);
  });

  it('counts a burst of concurrent requests of one IP exactly once each (one IPC message per event-loop turn)', async () => {
    // Sent at once, each on its own connection: both workers read many in one turn of their
    // event loop and ask the primary for all of their counts in one message.
    const burst = await Promise.all(
      Array.from({ length: PER_MINUTE + 15 }, () => call(node.base, { path: '/api/v1/session', from: '127.0.0.7' })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    // The window started at the burst's first count: the 429s say to wait most of a minute.
    for (const refused of burst.filter((r) => r.status === 429)) {
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThanOrEqual(50);
      expect(wait).toBeLessThanOrEqual(60);
    }
    // One more in the same window is refused too: the window did not restart.
    expect((await call(node.base, { path: '/api/v1/session', from: '127.0.0.7' })).status).toBe(429);
  });

  it('counts failed log-ins of one IP once across both workers (the flows’ limiters)', async () => {
    const codes: string[] = [];
    for (let i = 0; i < FAILURES_PER_HOUR + 3; i++) {
      const res = await call(node.base, {
        path: '/api/v1/sessions',
        body: { identifier: `nobody-${i}@example.com`, password: 'wrong-password-123' },
        from: '127.0.0.5',
        origin: `http://localhost:${node.port}`,
      });
      codes.push(res.json<{ code: string }>().code);
    }
    // Four failures are free; from the fifth, over the host's cap, a proof-of-work is asked for.
    expect(codes.slice(0, FAILURES_PER_HOUR)).toEqual(Array(FAILURES_PER_HOUR).fill('auth.invalid_credentials'));
    expect(codes.slice(FAILURES_PER_HOUR)).toEqual(Array(3).fill('challenge.required'));
  });

  it('replaces a worker that dies, and keeps answering meanwhile', async () => {
    const [victim, other] = childrenOf(node.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(
      'a replacement worker',
      () => {
        const now = childrenOf(node.child.pid!);
        return now.length === 2 && !now.includes(victim!) && now.includes(other!);
      },
      120_000,
    );
    await until(
      'the primary’s line',
      () => /worker \d \(pid \d+\) exited \(SIGKILL\); starting a new one/.test(node.output()),
      120_000,
    );
    const replacement = childrenOf(node.child.pid!).find((pid) => pid !== other)!;
    // Until the replacement listens, the other worker takes every connection: each try comes
    // from its own address, so the per-IP cap (30 a minute) never refuses one and stalls the
    // wait for the rest of the minute.
    let tries = 0;
    await until(
      'the replacement answers',
      async () => {
        const from = `127.0.1.${++tries % 250}`;
        for (let i = 0; i < 4; i++) expect((await call(node.base, { path: '/healthz', from })).status).toBe(200);
        return answeringPids(node.output()).has(replacement);
      },
      120_000,
    );
  });

  it('drains both workers on SIGTERM to the primary and exits 0', async () => {
    const workers = childrenOf(node.child.pid!);
    expect(workers).toHaveLength(2);
    const exit = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
    await kill(node.child, 'SIGTERM', 30_000);
    expect(await exit).toBe(0);
    expect(node.output()).toContain('SIGTERM: draining 2 workers');
    // Each worker ran its own ordered shutdown.
    expect(node.output().match(/"msg":"shutting down"/g)).toHaveLength(2);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
