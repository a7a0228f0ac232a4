/**
 * The load generator: wrk (C, one thread, Lua for per-request bodies), a separate process whose
 * CPU is measured exactly (the shell that waits for it reads its own cutime/cstime). Installed
 * with apt-get when missing (Debian package `wrk`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkJob {
  url: string;
  connections: number;
  seconds: number;
  /** Lua run by wrk (request/response functions); the summary `done` is appended. */
  script: string;
  /** Files the script reads, written next to it: name → content. */
  files?: Record<string, string>;
}

export interface LoadSummary {
  seconds: number;
  connections: number;
  /** Responses received (any status). */
  responses: number;
  ok: number;
  /** Responses with status ≥ 400 (wrk's `errors.status`). */
  non2xx: number;
  /** Connection errors: connect, read, write, timeouts. */
  errors: number;
  timeouts: number;
  /** Set by scripts that look at responses (log-in: 2xx without the cookie). */
  badOk: number;
  /** Response bytes on average (a /me without the account would be much shorter). */
  bytesPerResponse: number;
  okPerSecond: number;
  latencyMs: { average: number; p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  errorSamples: string[];
  /** CPU the load generator itself used, in cores (it competes with the server on this machine). */
  clientCpuCores: number;
}

/**
 * wrk's summary as JSON on its last line. `done` runs in wrk's main Lua state: what the thread's
 * `response` counted (`statuses`, `bad_ok`: set by the job scripts that look at responses) is
 * fetched from the thread with `thread:get`.
 */
const DONE = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local codes, bad = "", 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad_ok") or 0)
    local s = t:get("statuses")
    if s ~= nil then
      for code, n in pairs(s) do codes = codes .. string.format('"%d":%d,', code, n) end
    end
  end
  io.write(string.format('\\n__WRK__{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"mean_us":%f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"bad_ok":%d,"codes":{%s}}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, latency.mean,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    bad, codes:sub(1, -2)))
end
`;

/** Lua for a thread's `response`: counts statuses and prints a few error bodies. */
export const COUNT_RESPONSES = `
statuses = {}
bad_ok = 0
local samples = 0
function count(status, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 400 and samples < 5 then
    samples = samples + 1
    io.write("\\n__SAMPLE__ " .. status .. " " .. string.sub(body or "", 1, 200) .. "\\n")
  end
end
`;

let checked = false;
/** Makes sure wrk is there, installing the Debian package when it is not. */
export function ensureWrk(): void {
  if (checked) return;
  if (spawnSync('wrk', ['--version']).error) {
    console.log('wrk is missing: apt-get install -y wrk …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env });
    if (install.status !== 0 || spawnSync('wrk', ['--version']).error) {
      throw new Error('wrk is not installed and apt-get could not install it (apt-get install -y wrk)');
    }
  }
  checked = true;
}

const CLOCK_TICKS_PER_SECOND = 100;
const running = new Set<ReturnType<typeof spawn>>();

/** Runs one wrk job; `onGo` fires right before wrk starts. */
export async function runWrk(job: WrkJob, onGo: () => void = () => undefined): Promise<LoadSummary> {
  ensureWrk();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'devplat-wrk-'));
  try {
    for (const [name, content] of Object.entries(job.files ?? {})) writeFileSync(path.join(dir, name), content);
    const script = path.join(dir, 'job.lua');
    writeFileSync(script, `local dir = ${JSON.stringify(dir + '/')}\n${job.script}\n${DONE}`);
    // The shell waits for wrk, then reads its own stat: fields 16–17 (cutime, cstime) are wrk's CPU.
    const wrapper = `wrk "$@"; s=$?; read -r stat < /proc/$$/stat; echo "__CPU__ $stat"; exit $s`;
    const args = ['-t1', `-c${job.connections}`, `-d${job.seconds}s`, '--timeout', '10s', '-s', script, job.url];
    onGo();
    const started = performance.now();
    const child = spawn('sh', ['-c', wrapper, 'wrk', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    running.delete(child);
    const wallMs = performance.now() - started;
    const json = out.match(/__WRK__(\{.*\})/);
    if (code !== 0 || !json) throw new Error(`wrk failed (${code}):\n${out.slice(-2000)}`);
    const w = JSON.parse(json[1]!) as Record<string, number> & { codes: Record<string, number> };
    const stat = out.match(/__CPU__ (.*)/)?.[1] ?? '';
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[13]) + Number(fields[14]);
    const seconds = w.duration_us! / 1e6;
    const non2xx = w.status!;
    const errors = w.connect! + w.read! + w.write! + w.timeout!;
    const ok = w.requests! - non2xx;
    return {
      seconds,
      connections: job.connections,
      responses: w.requests!,
      ok,
      non2xx,
      errors,
      timeouts: w.timeout!,
      badOk: w.bad_ok!,
      bytesPerResponse: w.requests! > 0 ? w.bytes! / w.requests! : 0,
      okPerSecond: ok / seconds,
      latencyMs: {
        average: w.mean_us! / 1000,
        p50: w.p50_us! / 1000,
        p90: w.p90_us! / 1000,
        p99: w.p99_us! / 1000,
        max: w.max_us! / 1000,
      },
      statusCodes: w.codes,
      errorSamples: [...(out.match(/^__SAMPLE__ .*$/gm) ?? [])].slice(0, 5).map((l) => l.slice(11)),
      clientCpuCores: Number.isFinite(cpuTicks) ? cpuTicks / CLOCK_TICKS_PER_SECOND / (wallMs / 1000) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stops every wrk still running (interrupted bench). */
export function stopLoads(): void {
  for (const child of running) child.kill();
}
