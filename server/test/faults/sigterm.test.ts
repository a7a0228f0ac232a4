import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIp, phone } from '../procs/client.js';
import { startCluster, type Cluster } from '../procs/cluster.js';
import { kill, sleep, stopAll, until } from '../procs/processes.js';

/**
 * SIGTERM of one of two nodes under load behind nginx, after taking it out of nginx's upstream
 * (docs/operations.md: open-source nginx cannot see /readyz, so a deploy drains there first;
 * without that, a request nginx passed at the instant the listener closed gets a 502 — seen
 * here). The node stops taking connections,
 * finishes what it accepted and exits 0; nginx sends new requests to the other node; the
 * messages the stopped node queued are delivered by the other node's worker (the outbox is in
 * PostgreSQL). The readiness drain (/readyz 503 before closing) is issue 10's and not relied on.
 */
let c: Cluster;

beforeAll(async () => {
  c = await startCluster(2, { CODE_SENDS_PER_IP_HOUR: '100000' });
});
afterAll(stopAll);

describe('SIGTERM of a node under load', () => {
  it('fails no accepted request, and its queued messages are delivered by the other node', async () => {
    const user = await c.front.register();
    const sent: string[] = [];
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const to = phone();
        const [code, me] = await Promise.all([
          c.front.sendCode(to, clientIp()).catch((e: Error) => ({ status: 0, body: e.message })),
          c.front
            .send({ path: '/api/v1/me', cookie: user.cookie })
            .catch((e: Error) => ({ status: 0, body: e.message })),
        ]);
        if (code.status === 202) sent.push(to);
        for (const r of [code, me]) if (r.status !== 202 && r.status !== 200) failures.push(`${r.status} ${r.body}`);
      }
    };
    const load = Promise.all([worker(), worker(), worker()]);
    await until('load before the signal', () => sent.length > 20);
    const victim = c.nodes[0]!;
    // Out of nginx first (graceful reload: requests in flight on it go on), then SIGTERM at once.
    await c.nginx.setDown([victim.port]);
    const exit = new Promise<number | null>((resolve) => victim.child.once('exit', (code) => resolve(code)));
    await kill(victim.child, 'SIGTERM', 30_000);
    expect(await exit).toBe(0);
    const atStop = sent.length;
    await until('load on the remaining node', () => sent.length > atStop + 20);
    running = false;
    await load;
    await sleep(200);
    expect(failures).toEqual([]);
    // Each acknowledged code send reaches the dev outbox exactly once, whoever queued it.
    for (const to of sent) await c.front.latestCode(to);
    await until('nothing left queued or sending', () =>
      Promise.resolve(c.pg.psql(`SELECT count(*) FROM message_outbox WHERE status IN ('queued', 'sending')`) === '0'),
    );
  });
});
