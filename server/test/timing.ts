import { randomInt } from 'node:crypto';
import http from 'node:http';

/**
 * Helpers of the timing tests (issue 14): requests on one kept-alive connection of a real
 * listening server, two cases interleaved in a random order per pair, and the two statistics
 * the issue asks for — the difference of the medians and the AUC (the chance that a sample of
 * one case is slower than a sample of the other; 0.5 = not separable).
 */
export function keepAliveClient(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; ms: number; body: string }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

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

/**
 * Runs `warmUp` rounds, then `samples` rounds. A round runs each case `repeat` times,
 * alternating, in an order drawn per round (so drifts in machine load hit both alike), and
 * keeps the fastest of each case: noise on a shared machine only ever adds time, so the minimum
 * of a few close tries is the case's own cost. Rounds where either case is beyond the pooled
 * 90th percentile (a busy neighbour, a GC pause) are dropped. Reports the difference of the
 * medians, the median of the per-round differences and the AUC.
 */
export async function compareTimings(
  cases: { a: () => Promise<number>; b: () => Promise<number> },
  options: { samples: number; warmUp: number; repeat: number },
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
  for (let i = 0; i < options.warmUp; i++) await round();
  const rounds: [number, number][] = [];
  for (let i = 0; i < options.samples; i++) rounds.push(await round());
  const pooled = rounds.flat().sort((x, y) => x - y);
  const cut = pooled[Math.floor(pooled.length * 0.9)]!;
  const kept = rounds.filter(([a, b]) => a <= cut && b <= cut);
  const a = kept.map((p) => p[0]);
  const b = kept.map((p) => p[1]);
  return {
    kept: kept.length,
    medianA: median(a),
    medianB: median(b),
    medianDiff: median(a) - median(b),
    pairedMedianDiff: median(kept.map(([x, y]) => x - y)),
    auc: auc(a, b),
  };
}
