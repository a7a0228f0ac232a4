/**
 * `npm run soak`: a bounded mixed workload over the cluster harness (test/procs): two nodes
 * behind nginx on a throwaway PostgreSQL and redis-server, with a Redis restart and a node
 * restart in the middle. Reports throughput, p99 and errors by status for each phase, and each
 * node's RSS and event-loop delay over time; writes JSON and an SVG chart to bench-results/.
 * Exits 1 when a request got a 5xx other than 503, an operation never succeeded, or a node's
 * RSS grew more than 20 % after warm-up.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../src/config.js';
import {
  approve,
  clientIp,
  createApp,
  newDevice,
  phone,
  signedCall,
  sql,
  type Credentials,
  type Reply,
} from '../test/procs/client.js';
import { startCluster } from '../test/procs/cluster.js';
import { kill, startNode, stopAll } from '../test/procs/processes.js';
import { jpeg, personalFields, png } from '../test/certification-helpers.js';
import { GOOD_PASSWORD } from '../test/harness.js';
import { lineChart } from './chart.js';

const USAGE = 'usage: npm run soak [-- --minutes=10] [--users=6]';

export function parseSoakArgs(argv: string[], env = process.env) {
  const options = { minutes: 10, users: 6 };
  // From the root, npm keeps unknown flags as npm_config_<flag> (see bench/args.ts).
  const forwarded = [
    ...(env.npm_config_minutes ? [`--minutes=${env.npm_config_minutes}`] : []),
    ...(env.npm_config_users ? [`--users=${env.npm_config_users}`] : []),
  ];
  for (const arg of [...forwarded, ...argv]) {
    const [flag, value] = arg.split('=', 2);
    const n = Number(value);
    if (flag === '--minutes' && n >= 0.5 && n <= 240) options.minutes = n;
    else if (flag === '--users' && Number.isInteger(n) && n >= 1 && n <= 64) options.users = n;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`bad argument "${arg}" (minutes 0.5–240, users 1–64)\n${USAGE}`);
  }
  return options;
}

type Op = 'sign_up' | 'log_in' | 'me' | 'code_send' | 'contact_change' | 'certification' | 'device';
type PhaseName = 'steady' | 'redis_restart' | 'node_restart';

interface Stat {
  latencies: number[];
  statuses: Record<string, number>;
}

interface Sample {
  at: number;
  node: string;
  rssMb: number | null;
  loopP99Ms: number | null;
}

const METRICS_TOKEN = randomBytes(16).toString('hex');

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function loopP99Ms(base: string): Promise<number | null> {
  try {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    const match = text.match(/^nodejs_eventloop_delay_seconds\{quantile="0\.99"\} ([\d.e+-]+)$/m);
    return match ? Number(match[1]) * 1000 : null;
  } catch {
    return null;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** One simulated developer: signs up, then logs in, reads, changes a contact, certifies, adds devices. */
class User {
  cookie: string | null = null;
  bornAt = Date.now();
  phone = phone();
  codeAt = 0;
  lastCode: string | undefined = undefined;
  emailBound = false;
  certifies = randomInt(2) === 0;
  certified = false;
  creds: Credentials | null = null;
  devices = 0;
}

async function main() {
  const options = parseSoakArgs(process.argv.slice(2));
  const durationMs = options.minutes * 60_000;
  console.log(`soak: ${options.minutes} min, ${options.users} users, 2 nodes behind nginx`);
  const c = await startCluster(2, { CODE_SENDS_PER_IP_HOUR: '100000', METRICS_TOKEN });
  const db = sql(c.pg.url());
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const phaseAt = new Map<PhaseName, { from: number; to: number }>();
  let phase: PhaseName = 'steady';
  const stats = new Map<string, Stat>();
  const samples: Sample[] = [];
  const throughput: { at: number; ok: number }[] = [];
  let okInWindow = 0;

  const record = (op: Op, status: number, ms: number) => {
    const key = `${phase}:${op}`;
    const stat = stats.get(key) ?? { latencies: [], statuses: {} };
    stat.latencies.push(ms);
    stat.statuses[status] = (stat.statuses[status] ?? 0) + 1;
    stats.set(key, stat);
    if (status >= 200 && status < 300) okInWindow++;
  };
  /** Runs one request and records it (status 0: the connection failed). */
  const timed = async (op: Op, run: () => Promise<Reply>): Promise<Reply | null> => {
    const t0 = performance.now();
    const res = await run().catch(() => null);
    record(op, res?.status ?? 0, performance.now() - t0);
    return res;
  };

  const sampler = setInterval(() => {
    const at = elapsed() / 1000;
    throughput.push({ at, ok: okInWindow / 5 });
    okInWindow = 0;
    for (const node of c.nodes) {
      void loopP99Ms(node.base).then((loop) =>
        samples.push({ at, node: node.name, rssMb: rssMb(node.child.pid), loopP99Ms: loop }),
      );
    }
  }, 5_000);

  const send = c.front.send;
  const step = async (u: User) => {
    if (!u.cookie) {
      const sent = await timed('code_send', () => c.front.sendCode(u.phone, clientIp()));
      if (sent?.status !== 202) return;
      u.codeAt = Date.now();
      const code = await c.front.latestCode(u.phone).catch(() => null);
      if (!code) return;
      u.lastCode = code;
      const res = await timed('sign_up', () =>
        send({ path: '/api/v1/accounts', body: { phone: u.phone, code, password: GOOD_PASSWORD } }),
      );
      if (res?.status === 201) u.cookie = res.cookie;
      return;
    }
    const roll = randomInt(1000) / 1000;
    if (roll < 0.45) {
      // A 401 here would be a session lost in a restart: it counts in the report, and the user signs in again.
      const me = await timed('me', () => send({ path: '/api/v1/me', cookie: u.cookie }));
      if (me?.status === 401) u.cookie = null;
    } else if (roll < 0.6) {
      const res = await timed('log_in', () => c.front.login(u.phone, GOOD_PASSWORD, clientIp()));
      if (res?.status === 200) u.cookie = res.cookie;
    } else if (roll < 0.7) {
      // The 60 s cooldown of the phone's last code must have passed.
      if (!u.emailBound && Date.now() - u.codeAt > 62_000) await contactChange(u);
    } else if (roll < 0.95) {
      // Half the developers certify through the form (left pending for review); the other half
      // are approved straight in the database and register devices through the open API.
      if (u.certifies) {
        if (!u.certified) await certify(u);
      } else await addDevice(u);
    } else if (Date.now() - u.bornAt > 90_000) {
      // A new developer now and then (each lives long enough to pass its phone's code cooldown).
      Object.assign(u, new User());
    }
  };

  /** Binds an email: a code to the current phone, its ticket, a code to the new email, completion. */
  const contactChange = async (u: User) => {
    const post = (p: string, body: object = {}) =>
      send({ path: `/api/v1/me/contact-changes/${p}`, body, cookie: u.cookie, from: clientIp() });
    const sent = await timed('code_send', () => post('email/current-code'));
    if (sent?.status !== 202) return;
    u.codeAt = Date.now();
    const code = await c.front.latestCode(u.phone, u.lastCode).catch(() => null);
    if (!code) return;
    u.lastCode = code;
    const issued = await timed('contact_change', () => post('email/tickets', { code }));
    if (issued?.status !== 201) return;
    const ticket = issued.json<{ ticket: string }>().ticket;
    const email = `soak.${randomBytes(6).toString('hex')}@example.com`;
    if ((await timed('code_send', () => post('email/new-code', { ticket, to: email })))?.status !== 202) return;
    const emailCode = await c.front.latestCode(email).catch(() => null);
    if (!emailCode) return;
    const done = await timed('contact_change', () => post('email/complete', { ticket, code: emailCode }));
    if (done?.status === 200) u.emailBound = true;
  };

  const uploadFile = async (u: User, kind: string, bytes: Buffer, type: string) => {
    const boundary = `----soak${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await timed('certification', () =>
      send({
        path: `/api/v1/certification/uploads?kind=${kind}`,
        body: payload,
        cookie: u.cookie,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
    return res?.status === 201 ? res.json<{ id: string }>().id : null;
  };

  const images = { front: await jpeg(), back: await png() };
  const certify = async (u: User) => {
    const front = await uploadFile(u, 'id_front', images.front, 'image/jpeg');
    const back = await uploadFile(u, 'id_back', images.back, 'image/png');
    if (!front || !back) return;
    const body = personalFields(front, back);
    const res = await timed('certification', () =>
      send({ method: 'PUT', path: '/api/v1/certification', body, cookie: u.cookie }),
    );
    if (res?.status === 200 || res?.status === 201) u.certified = true;
  };

  /** Devices through the signed open API; the reviewer's approval is taken as given (SQL). */
  const addDevice = async (u: User) => {
    if (!u.creds) {
      const [me] = await db.query<{ id: string }>('SELECT id FROM accounts WHERE phone = $1', [u.phone]);
      if (!me) return;
      await approve(db, me.id).catch(() => undefined);
      u.creds = await createApp(c.front, u.cookie!).catch(() => null);
      if (!u.creds) return;
    }
    if (u.devices >= 250) return;
    const creds = u.creds;
    const res = await timed('device', () =>
      signedCall(c.nginx.base, creds, { method: 'POST', path: '/open/v1/devices', body: newDevice('soak') }),
    );
    if (res?.status === 201) u.devices++;
  };

  let running = true;
  const users = Array.from({ length: options.users }, () => new User());
  const load = Promise.all(
    users.map(async (u) => {
      while (running) await step(u).catch(() => undefined);
    }),
  );

  const at = (fraction: number) => new Promise((r) => setTimeout(r, Math.max(0, fraction * durationMs - elapsed())));
  const enter = (name: PhaseName) => {
    const now = elapsed() / 1000;
    const last = phaseAt.get(phase);
    if (last) last.to = now;
    phase = name;
    phaseAt.set(name, { from: now, to: now });
  };
  phaseAt.set('steady', { from: 0, to: 0 });

  await at(0.4);
  console.log('soak: Redis killed');
  enter('redis_restart');
  await c.redis.kill();
  await new Promise((r) => setTimeout(r, Math.min(15_000, durationMs * 0.05)));
  await c.redis.start();
  console.log('soak: Redis back');
  await at(0.55);
  enter('steady');
  await at(0.6);
  console.log('soak: node2 restarting');
  enter('node_restart');
  const victim = c.nodes[1]!;
  await c.nginx.setDown([victim.port]);
  await kill(victim.child, 'SIGTERM', 30_000);
  c.nodes[1] = await startNode('node2', c.env, { port: victim.port });
  await c.nginx.setDown([]);
  const restartedAt = elapsed() / 1000;
  console.log('soak: node2 back');
  await at(0.7);
  enter('steady');
  await at(1);
  running = false;
  await load;
  clearInterval(sampler);
  const end = phaseAt.get(phase);
  if (end) end.to = elapsed() / 1000;

  // Reporting.
  const byPhase: Record<string, Record<string, unknown>> = {};
  let serverErrors = 0;
  for (const [key, stat] of stats) {
    const [name, op] = key.split(':') as [PhaseName, Op];
    const sorted = [...stat.latencies].sort((a, b) => a - b);
    for (const [status, n] of Object.entries(stat.statuses))
      if (Number(status) >= 500 && status !== '503') serverErrors += n;
    (byPhase[name] ??= {})[op] = {
      requests: sorted.length,
      p50Ms: Math.round(quantile(sorted, 0.5) * 10) / 10,
      p99Ms: Math.round(quantile(sorted, 0.99) * 10) / 10,
      statuses: stat.statuses,
    };
  }
  const warmup = (options.minutes * 60) / 5;
  // Null when the run was too short for three samples after warm-up (then nothing is judged).
  const rss: Record<string, { early: number; late: number; growth: number } | null> = {};
  for (const name of ['node1', 'node2']) {
    const from = name === 'node2' ? restartedAt + warmup / 2 : warmup;
    const life = samples.filter((s) => s.node === name && s.at >= from && s.rssMb !== null);
    if (life.length < 3) {
      rss[name] = null;
      continue;
    }
    const third = Math.floor(life.length / 3);
    const early = median(life.slice(0, third).map((s) => s.rssMb!));
    const late = median(life.slice(-third).map((s) => s.rssMb!));
    rss[name] = { early, late, growth: early ? late / early - 1 : 0 };
  }
  const leaks = Object.entries(rss).filter(([, r]) => r !== null && r.growth > 0.2);
  // A workload whose operation never succeeded proves nothing about it.
  const ops: Op[] = ['sign_up', 'log_in', 'me', 'code_send', 'contact_change', 'certification', 'device'];
  const neverOk = ops.filter(
    (op) =>
      ![...stats]
        .filter(([key]) => key.endsWith(`:${op}`))
        .some(([, stat]) => Object.keys(stat.statuses).some((code) => code.startsWith('2'))),
  );
  const report = {
    when: new Date().toISOString(),
    options,
    totalSeconds: Math.round(elapsed() / 1000),
    phases: Object.fromEntries(phaseAt),
    byPhase,
    serverErrorsOtherThan503: serverErrors,
    rss,
    samples,
    throughput,
    neverSucceeded: neverOk,
    verdict: serverErrors === 0 && leaks.length === 0 && neverOk.length === 0 ? 'pass' : 'fail',
  };
  const dir = path.join(repoRoot, 'bench-results');
  await mkdir(dir, { recursive: true });
  const stamp = report.when.replace(/[:.]/g, '-');
  await writeFile(path.join(dir, `soak-${stamp}.json`), JSON.stringify(report, null, 2));
  await writeFile(
    path.join(dir, `soak-${stamp}.svg`),
    lineChart({
      title: `soak ${options.minutes} min: RSS (MB) per node and requests/s`,
      xLabel: 's',
      marks: [...phaseAt.entries()].filter(([n]) => n !== 'steady').map(([n, p]) => ({ at: p.from, label: n })),
      series: [
        ...['node1', 'node2'].map((name) => ({
          name: `${name} RSS MB`,
          points: samples
            .filter((s) => s.node === name && s.rssMb !== null)
            .map((s) => [s.at, s.rssMb!] as [number, number]),
        })),
        { name: 'ok req/s', points: throughput.map((t) => [t.at, t.ok] as [number, number]) },
        ...['node1', 'node2'].map((name) => ({
          name: `${name} loop p99 ms`,
          points: samples
            .filter((s) => s.node === name && s.loopP99Ms !== null)
            .map((s) => [s.at, s.loopP99Ms!] as [number, number]),
        })),
      ],
    }),
  );
  for (const [name, ops] of Object.entries(byPhase)) {
    console.log(`\n${name}`);
    for (const [op, s] of Object.entries(ops)) console.log(`  ${op.padEnd(15)} ${JSON.stringify(s)}`);
  }
  console.log(`\nRSS (MB, median of the first and last third after warm-up): ${JSON.stringify(rss)}`);
  console.log(`5xx other than 503: ${serverErrors}; never succeeded: ${neverOk.join(', ') || 'none'}`);
  console.log(`verdict: ${report.verdict}`);
  console.log(`written: bench-results/soak-${stamp}.json and .svg`);
  await db.close();
  stopAll();
  process.exit(report.verdict === 'pass' ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  stopAll();
  process.exit(1);
});
