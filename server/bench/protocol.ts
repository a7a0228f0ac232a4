/** Messages between the bench (server process) and the load generator (child process). */

export interface LoginJob {
  kind: 'login';
  url: string;
  connections: number;
  seconds: number;
  /** Rotated over, one per request: phones and emails of the seeded accounts. */
  identifiers: string[];
  password: string;
}

export interface MeJob {
  kind: 'me';
  url: string;
  connections: number;
  seconds: number;
  /** `sid=<token>` of a live session. */
  cookie: string;
}

export type LoadJob = LoginJob | MeJob;

export interface LoadSummary {
  seconds: number;
  connections: number;
  /** Responses received (any status). */
  responses: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** 2xx responses that lacked what they must carry (a session cookie, the account). */
  badOk: number;
  /** Successful responses per second. */
  okPerSecond: number;
  latencyMs: { average: number; p50: number; p90: number; p99: number; max: number };
  /** A few distinct non-2xx bodies (shortened), to say what went wrong. */
  errorSamples: string[];
  /** CPU the load generator itself used, in cores (it competes with the server on this machine). */
  clientCpuCores: number;
}

export type ChildMessage =
  { type: 'ready' } | { type: 'result'; summary: LoadSummary } | { type: 'failed'; error: string };
