import { afterAll, describe, expect, it } from 'vitest';
import { Seeded } from './fuzz/generator.js';
import { casesFor, isPrototypeCase, type Case } from './fuzz/payloads.js';
import { problemsOf } from './fuzz/problems.js';
import { isRecord, routesOf, type Route } from './fuzz/routes.js';
import { GOOD_PASSWORD, ORIGIN, startTestApp, uniquePhone } from './harness.js';

/**
 * SECURITY 39 and 42: every API route the OpenAPI document lists gets a battery of malformed
 * inputs — broken JSON, wrong types, huge and deep payloads, odd content types, prototype
 * poisoning, unicode garbage, duplicated query parameters — with and without a session. No
 * answer may be a 5xx, every 4xx is a coded JSON error, and no body leaks a stack or a path.
 */

const logs: string[] = [];
const t = await startTestApp({ logs });
afterAll(() => t.close());

const spec: unknown = (await t.request({ url: '/api/v1/openapi.json' })).json();
const routes = routesOf(spec);
const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

const sessionPhone = uniquePhone();
let sessionCookie = (await t.register({ phone: sessionPhone })).cookie;
/**
 * A fresh session for the fuzzing account after a fuzz case ended it (log-out, password
 * change…): log in again, or sign up a new account when the password no longer works.
 */
async function renewSession() {
  const res = await t.request({
    url: '/api/v1/sessions',
    body: { identifier: sessionPhone, password: GOOD_PASSWORD },
  });
  const cookie = t.sessionCookie(res);
  sessionCookie = res.statusCode === 200 && cookie ? cookie : (await t.register()).cookie;
}

/** True while the fuzzing session still signs in. */
async function sessionAlive(): Promise<boolean> {
  return (await t.request({ url: '/api/v1/me', cookie: sessionCookie })).statusCode === 200;
}

let ipCounter = 0;
/** A different documentation-range address per request, so per-IP caps do not mask deeper code. */
const nextIp = () => {
  ipCounter++;
  return `203.0.${(ipCounter >> 8) & 0xff}.${ipCounter & 0xff}`;
};

/** Unhandled-error log lines written since `from`, for the failure report. */
function errorLogsSince(from: number): string[] {
  return logs
    .slice(from)
    .filter((line) => /"level":(50|60)/.test(line))
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      const err = isRecord(parsed) && isRecord(parsed.err) ? parsed.err : {};
      return `log: ${String(isRecord(parsed) ? parsed.msg : '')} ${String(err.type ?? '')}: ${String(err.message ?? '')} ${String(err.code ?? '')}`.slice(
        0,
        400,
      );
    });
}

interface Failure {
  problems: string;
  example: string;
  count: number;
}

/** One line per kind of failure, for an `toEqual([])` that prints what went wrong. */
const reportOf = (failures: Map<string, Failure>) =>
  [...failures.values()].map((f) => `${f.count}× ${f.problems} — e.g. ${f.example}`);

/** Sends one case; records a failure under its kind (status, code, problems) so one bug reads as one line. */
async function run(route: Route, c: Case, withSession: boolean, failures: Map<string, Failure>) {
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (route.method !== 'GET') headers.origin = ORIGIN;
  if (c.contentType) headers['content-type'] = c.contentType;
  if (withSession) headers.cookie = sessionCookie;
  Object.assign(headers, c.headers);
  const from = logs.length;
  const res = await t.app.inject({
    method: route.method,
    url: c.url,
    headers,
    remoteAddress: nextIp(),
    ...(c.body === undefined ? {} : { payload: c.body }),
  });
  const mutated = route.method !== 'GET' && res.statusCode < 300;
  if (withSession && mutated && !(await sessionAlive())) await renewSession();
  const problems = problemsOf(res);
  if (problems.length === 0) return;
  const logged = errorLogsSince(from).join(' | ');
  const kind = `${problems.join('; ')} ${logged}`.replace(/\d+/g, 'N');
  const known = failures.get(kind);
  if (known) {
    known.count++;
    return;
  }
  const where = `${route.method} ${c.url.slice(0, 100)} [${c.label}${withSession ? ', signed in' : ''}]`;
  failures.set(kind, {
    problems: problems.join('; '),
    example: `${where} → ${res.body.slice(0, 160)} ${logged}`.trim(),
    count: 1,
  });
}

describe('SECURITY 39: no malformed input yields a 5xx, and errors are coded without stacks', () => {
  it('the OpenAPI document lists the API routes to fuzz', () => {
    const listed = routes.map((r) => `${r.method} ${r.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/v1/verification-codes',
        'POST /api/v1/accounts',
        'POST /api/v1/sessions',
        'DELETE /api/v1/sessions/current',
        'GET /api/v1/me',
      ]),
    );
    expect(routes.find((r) => r.path === '/api/v1/accounts')?.bodyFields).toEqual(
      expect.arrayContaining(['phone', 'email', 'code', 'password']),
    );
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: every malformed input answers < 500 with a coded error`, async () => {
      const cases = casesFor(route, new Seeded(`${route.method} ${route.path}`));
      expect(cases.length).toBeGreaterThan(20);

      const failures = new Map<string, Failure>();
      for (const c of cases) {
        await run(route, c, false, failures);
        await run(route, c, true, failures);
      }
      expect(reportOf(failures)).toEqual([]);
    });
  }
});

describe('SECURITY 42: __proto__, constructor and duplicated parameters have no effect', () => {
  // Sends its own payloads, so it proves something when run alone (`-t`) as well as after the
  // battery above (which sends them too: the snapshot is from before either).
  it('prototype-poisoning payloads to every route leave Object.prototype untouched', async () => {
    const poison = routes.flatMap((route) =>
      casesFor(route, new Seeded(`${route.method} ${route.path}`))
        .filter(isPrototypeCase)
        .map((c) => ({ route, c })),
    );
    expect(poison.length).toBeGreaterThan(routes.length * 3);
    const failures = new Map<string, Failure>();
    for (const { route, c } of poison) {
      await run(route, c, false, failures);
      await run(route, c, true, failures);
    }
    expect(reportOf(failures)).toEqual([]);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
  });

  for (const [label, extra] of [
    ['__proto__', '"__proto__":{"role":"admin"}'],
    ['constructor.prototype', '"constructor":{"prototype":{"role":"admin"}}'],
  ] as const) {
    it(`a sign-up carrying ${label} {role: admin} is refused or creates a developer`, async () => {
      const phone = uniquePhone();
      expect((await t.sendCode(phone)).statusCode).toBe(202);
      const code = await t.latestCode(phone);
      const res = await t.request({
        url: '/api/v1/accounts',
        body: `{"phone":${JSON.stringify(phone)},"code":${JSON.stringify(code)},"password":${JSON.stringify(GOOD_PASSWORD)},${extra}}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBeLessThan(500);
      if (res.statusCode === 201) {
        expect(res.json()).toMatchObject({ phone, role: 'developer' });
      } else {
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.json().code).toBe('request.invalid');
      }
      const { rows } = await t.db.query<{ role: string }>('SELECT role FROM accounts WHERE phone = $1', [phone]);
      for (const row of rows) expect(row.role).toBe('developer');
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });
  }

  it('duplicated query parameters do not read a second contact’s outbox', async () => {
    const a = uniquePhone();
    const b = uniquePhone();
    await t.sendCode(a);
    await t.sendCode(b);
    const res = await t.request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  });

  it('a duplicated JSON key keeps one value of the right type, never both', async () => {
    const res = await t.request({
      url: '/api/v1/verification-codes',
      body: '{"purpose":"register","to":"12345","to":["13800138000","a@example.com"]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  });
});
