import { randomBytes, randomInt } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { signRequest } from '../../../clients/open-api-signing/client.js';
import { GOOD_PASSWORD } from '../harness.js';
import { sleep, until } from './processes.js';

/**
 * A small HTTP client for the process tests: real sockets (not inject), an optional loopback
 * source address (`from`: 127.0.0.x, one "client IP" per address) and bounded waits.
 */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: <T = Record<string, unknown>>() => T;
  /** The session cookie it set (`name=value`), if any. */
  cookie: string | null;
}

export interface Call {
  method?: string;
  path: string;
  body?: unknown;
  cookie?: string | null;
  from?: string;
  headers?: Record<string, string>;
  /** Origin for mutations: the cluster's PUBLIC_URL origin. */
  origin?: string;
  timeoutMs?: number;
}

export function call(base: string, c: Call): Promise<Reply> {
  const url = new URL(c.path, base);
  const method = c.method ?? (c.body === undefined ? 'GET' : 'POST');
  const payload =
    c.body === undefined
      ? undefined
      : typeof c.body === 'string' || Buffer.isBuffer(c.body)
        ? c.body
        : Buffer.from(JSON.stringify(c.body));
  const headers: Record<string, string> = { ...c.headers };
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (method !== 'GET' && c.origin) headers.origin = c.origin;
  if (c.cookie) headers.cookie = c.cookie;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent: false,
        ...(c.from ? { localAddress: c.from } : {}),
        timeout: c.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const setCookie = res.headers['set-cookie'] ?? [];
          const sid = setCookie.map((s) => s.split(';')[0]!).find((s) => /^(__Host-)?sid=./.test(s));
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body) as T,
            cookie: sid ?? null,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request timed out: ${method} ${url.href}`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A mainland mobile number nobody else in the run uses. */
export const phone = () => `+86139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** Loopback source addresses, one per simulated client IP (127.0.0.0/8 is all local on Linux). */
let nextIp = 10;
export const clientIp = () => `127.0.${Math.floor(nextIp / 250) + 1}.${(nextIp++ % 250) + 1}`;

/** The API of one cluster (through nginx, or one node directly), as a signed-up user would use it. */
export function api(base: string, origin: string) {
  const send = (c: Call) => call(base, { origin, ...c });
  const sendCode = (to: string, from?: string, purpose = 'register') =>
    send({ path: '/api/v1/verification-codes', body: { purpose, to }, from });
  /** The newest code the dev outbox holds for `to` (delivered by some node's worker; bounded wait). */
  const latestCode = async (to: string, after?: string): Promise<string> => {
    let code: string | null = null;
    await until(`a code for ${to}`, async () => {
      const res = await send({ path: `/api/v1/dev/outbox?to=${encodeURIComponent(to)}` });
      const text = res.json<{ messages: { text: string }[] }>().messages[0]?.text;
      code = text?.match(/\b(\d{6})\b/)?.[1] ?? null;
      return code !== null && code !== after;
    });
    return code!;
  };
  const register = async (to = phone()) => {
    const sent = await sendCode(to, clientIp());
    if (sent.status !== 202) throw new Error(`code send failed: ${sent.status} ${sent.body}`);
    const code = await latestCode(to);
    const res = await send({ path: '/api/v1/accounts', body: { phone: to, code, password: GOOD_PASSWORD } });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.body}`);
    return { phone: to, cookie: res.cookie!, id: res.json<{ id: string }>().id };
  };
  const login = (identifier: string, password = GOOD_PASSWORD, from?: string) =>
    send({ path: '/api/v1/sessions', body: { identifier, password }, from });
  return { send, sendCode, latestCode, register, login };
}

export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Direct SQL on the cluster's database, for set-up shortcuts and checks of what was written. */
export function sql(url: string): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  return {
    query: async <T = Record<string, unknown>>(text: string, params?: unknown[]) =>
      (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
  };
}

/** Approves an account's certification straight in the database (as test/apps-helpers.ts does). */
export async function approve(
  db: SqlClient,
  accountId: string,
  type: 'personal' | 'enterprise' = 'personal',
  state: 'pending' | 'approved' = 'approved',
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO certification_submissions (account_id, type, fields, identity_encrypted, identity_masked, file_ids,
       consent_version, consented_at, submitted_at, deadline)
     VALUES ($1, $2, '{}'::jsonb, 'test', '****', '{}'::uuid[], 'v1', now(), now(), '2030-01-01') RETURNING id`,
    [accountId, type],
  );
  // Pending at version 1 first, then the approved transition: the triggers allow nothing else.
  await db.query(
    `INSERT INTO certifications (account_id, type, state, version, current_submission_id, identity_hmac, submitted_at, deadline)
     VALUES ($1, $2, 'pending', 1, $3, $4, now(), '2030-01-01')`,
    [accountId, type, row!.id, randomBytes(32)],
  );
  if (state === 'pending') return;
  await db.query(
    `UPDATE certifications SET state = 'approved', version = 2, decided_at = now() WHERE account_id = $1`,
    [accountId],
  );
}

export type Credentials = { appId: string; keyId: string; appKey: string };

/** A signed-up developer, certified straight in the database, with one app and its key. */
export async function developer(
  client: ReturnType<typeof api>,
  db: SqlClient,
  type: 'personal' | 'enterprise' = 'personal',
) {
  const user = await client.register();
  await approve(db, user.id, type);
  return { ...user, creds: await createApp(client, user.cookie) };
}

/** The first app of a certified developer, and its key. */
export async function createApp(client: ReturnType<typeof api>, cookie: string): Promise<Credentials> {
  const res = await client.send({
    path: '/api/v1/apps',
    body: { name: 'Fault app', industry: 'smart_home' },
    cookie,
  });
  if (res.status !== 201) throw new Error(`app creation failed: ${res.status} ${res.body}`);
  const { app, key } = res.json<{ app: { appId: string }; key: { keyId: string; appKey: string } }>();
  return { appId: app.appId, keyId: key.keyId, appKey: key.appKey };
}

let deviceSeq = 0;
/** A device body with an id unique in this run. */
export const newDevice = (prefix = 'dev') => ({
  deviceId: `${prefix}-${process.pid}-${Date.now().toString(36)}-${deviceSeq++}`,
  model: 'M1',
  name: 'Sensor',
});

/** A signed open API call (clients/open-api-signing), with a fixed nonce when given. */
export function signedCall(
  base: string,
  creds: { appId: string; keyId: string; appKey: string },
  input: { method: string; path: string; body?: unknown; nonce?: string; now?: Date },
) {
  const signed = signRequest({ ...creds, ...input });
  return call(base, {
    method: signed.method,
    path: signed.url,
    headers: signed.headers,
    ...(signed.body === undefined ? {} : { body: signed.body.toString() }),
  });
}

export { sleep };
