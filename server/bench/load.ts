/**
 * The load generator, run in a child process (forked by run.ts) so that autocannon's own work
 * does not share the server's event loop. Receives one job, runs it, sends the summary, exits.
 */
import autocannon from 'autocannon';
import type { ChildMessage, LoadJob, LoadSummary } from './protocol.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('load.ts must be started by run.ts (no IPC channel)'));
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

function requestsFor(job: LoadJob, onResponse: (status: number, body: string, headers: Headers) => void) {
  const record = (status: number, body: string, _context: object, headers: Record<string, unknown> | undefined) =>
    onResponse(status, body, headersOf(headers));
  if (job.kind === 'login') {
    let next = 0;
    return [
      {
        method: 'POST' as const,
        path: '/api/v1/sessions',
        headers: { 'content-type': 'application/json' },
        // One shared counter: consecutive requests, whatever the connection, use the next account.
        setupRequest: (request: autocannon.Request) => {
          const identifier = job.identifiers[next++ % job.identifiers.length];
          return { ...request, body: JSON.stringify({ identifier, password: job.password }) };
        },
        onResponse: record,
      },
    ];
  }
  return [{ method: 'GET' as const, path: '/api/v1/me', headers: { cookie: job.cookie }, onResponse: record }];
}

function headersOf(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
  }
  return headers;
}

async function run(job: LoadJob): Promise<LoadSummary> {
  let badOk = 0;
  const errorSamples = new Set<string>();
  const requests = requestsFor(job, (status, body, headers) => {
    if (status >= 200 && status < 300) {
      const fine =
        job.kind === 'login'
          ? headers.getSetCookie().some((c) => c.startsWith('sid=') && /httponly/i.test(c))
          : body.includes('"username"');
      if (!fine) badOk++;
    } else if (errorSamples.size < 5) {
      errorSamples.add(`${status} ${body.slice(0, 200)}`);
    }
  });
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 10,
    requests,
  });
  const cpu = process.cpuUsage(cpuStart);
  const clientCpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    seconds: result.duration,
    connections: job.connections,
    responses: result['2xx'] + result.non2xx,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    badOk,
    okPerSecond: result['2xx'] / result.duration,
    latencyMs: {
      average: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errorSamples: [...errorSamples],
    clientCpuCores,
  };
}

process.once('message', (job: LoadJob) => {
  run(job)
    .then((summary) => send({ type: 'result', summary }))
    .catch((error: unknown) =>
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    .finally(() => process.disconnect());
});
void send({ type: 'ready' });
