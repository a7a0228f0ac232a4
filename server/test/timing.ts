import { randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * Helpers of the timing tests (issue 14): requests on one kept-alive connection of a real
 * listening server, two cases interleaved in a random order per pair, and the two statistics
 * the issue asks for — the difference of the medians and the AUC (the chance that a sample of
 * one case is slower than a sample of the other; 0.5 = not separable).
 */

/**
 * The client runs in its own thread, as an attacker's would run elsewhere: the server's event loop
 * (and PGlite on it) cannot hold up the client's clock once the answer is on the wire. One
 * kept-alive connection carries every request.
 */
const CLIENT = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
parentPort.on('message', ({ path, body, headers }) => {
  const payload = JSON.stringify(body);
  const started = process.hrtime.bigint();
  const req = http.request({
    agent, host: '127.0.0.1', port: workerData.port, method: 'POST', path,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
  }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (text += c));
    res.on('end', () => parentPort.postMessage({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, body: text }));
  });
  req.on('error', (e) => parentPort.postMessage({ status: 0, ms: 0, body: '', error: String(e) }));
  req.end(payload);
});
`;

type TimedAnswer = { status: number; ms: number; body: string };

export function keepAliveClient(port: number) {
  const thread = new Worker(CLIENT, { eval: true, workerData: { port } });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    new Promise<TimedAnswer>((resolve, reject) => {
      thread.once('message', (r: TimedAnswer & { error?: string }) =>
        r.error ? reject(new Error(r.error)) : resolve(r),
      );
      thread.postMessage({ path, body, headers });
    });
  return { post, close: () => thread.terminate() };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Half the width of the distribution-free 95 % confidence interval of the median (the order
 * statistics n/2 ± 1.96·√n/2): how precisely the run has pinned the median down.
 */
function medianHalfWidth(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const spread = (1.96 * Math.sqrt(n)) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - spread));
  const hi = Math.min(n - 1, Math.ceil(n / 2 + spread));
  return (s[hi]! - s[lo]!) / 2;
}

/** Mann–Whitney AUC: P(a > b) + ½ P(a = b). */
export function auc(a: number[], b: number[]): number {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.g === 0) rankSumA += rank;
    i = j;
  }
  return (rankSumA - (a.length * (a.length + 1)) / 2) / (a.length * b.length);
}

/** How precisely the median shift must be known before it is compared with the 0.3 ms bound. */
const PRECISION_MS = 0.15;
const BATCH = 200;

/**
 * Runs `warmUp` rounds, then at least `samples` rounds. A round runs each case `repeat` times,
 * alternating, in an order drawn per round (so drifts in machine load hit both alike), and
 * keeps the fastest of each case: noise on a shared machine only ever adds time, so the minimum
 * of a few close tries is the case's own cost. Rounds where either case is beyond the pooled
 * 90th percentile (a busy neighbour, a GC pause) are dropped.
 *
 * On a slow or busy machine the per-round differences spread over milliseconds, and the median of
 * 800 of them can land 0.3 ms off by chance alone (a 10 ms request whose pairs differ by ±2 ms at
 * the quartiles); so more rounds are taken, 200 at a time, until the 95 % interval of that median
 * is ±0.15 ms (0.3 ms is then about four standard errors from zero) or `maxSamples` is reached. On
 * a quiet machine the first `samples` rounds are enough. The AUC is a rank statistic: its spread
 * under equal costs depends on the count alone (about 0.016 at 650).
 *
 * Reports the difference of the medians, the median of the per-round differences, its interval,
 * and the AUC.
 */
export async function compareTimings(
  cases: { a: () => Promise<number>; b: () => Promise<number> },
  options: { samples: number; maxSamples?: number; warmUp: number; repeat: number },
) {
  const round = async (): Promise<[number, number]> => {
    let a = Infinity;
    let b = Infinity;
    const aFirst = randomInt(2) === 0;
    for (let i = 0; i < options.repeat; i++) {
      if (aFirst) {
        a = Math.min(a, await cases.a());
        b = Math.min(b, await cases.b());
      } else {
        b = Math.min(b, await cases.b());
        a = Math.min(a, await cases.a());
      }
    }
    return [a, b];
  };
  const summarise = (rounds: [number, number][]) => {
    const pooled = rounds.flat().sort((x, y) => x - y);
    const cut = pooled[Math.floor(pooled.length * 0.9)]!;
    const kept = rounds.filter(([a, b]) => a <= cut && b <= cut);
    const a = kept.map((p) => p[0]);
    const b = kept.map((p) => p[1]);
    const paired = kept.map(([x, y]) => x - y);
    const medianA = median(a);
    const medianB = median(b);
    return {
      rounds: rounds.length,
      kept: kept.length,
      medianA,
      medianB,
      medianDiff: medianA - medianB,
      pairedMedianDiff: median(paired),
      pairedHalfWidth: medianHalfWidth(paired),
      auc: auc(a, b),
    };
  };
  for (let i = 0; i < options.warmUp; i++) await round();
  const rounds: [number, number][] = [];
  for (let i = 0; i < options.samples; i++) rounds.push(await round());
  let stats = summarise(rounds);
  while (stats.pairedHalfWidth > PRECISION_MS && rounds.length < (options.maxSamples ?? options.samples)) {
    for (let i = 0; i < BATCH; i++) rounds.push(await round());
    stats = summarise(rounds);
  }
  return stats;
}
