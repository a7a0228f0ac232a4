import { createHash } from 'node:crypto';
import { errorStatus } from '@devplat/common';
import { afterAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, ORIGIN, startTestApp, uniquePhone } from './harness.js';

/**
 * SECURITY 39 and 42: every API route the OpenAPI document lists gets a battery of malformed
 * inputs — broken JSON, wrong types, huge and deep payloads, odd content types, prototype
 * poisoning, unicode garbage, duplicated query parameters — with and without a session. No
 * answer may be a 5xx, every 4xx is a coded JSON error, and no body leaks a stack or a path.
 */

// ---------------------------------------------------------------------------------------------
// A deterministic generator: SHA-256 of (seed, counter). Same inputs on every run (no Math.random).

class Seeded {
  private buffer = Buffer.alloc(0);
  private counter = 0;
  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    while (this.buffer.length < n) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.buffer = Buffer.concat([this.buffer, block]);
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return Buffer.from(out);
  }

  int(max: number): number {
    return this.bytes(4).readUInt32BE(0) % max;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Pieces of hostile text: lone and reversed surrogates, NUL, controls, bidi overrides, BOM, emoji, combining marks… */
const GARBAGE_PIECES = [
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u0301\u0301\u0301',
  '😀',
  '𝕏',
  '中文',
  'Ω',
  '%00',
  '%',
  '\\',
  '"',
  "'; DROP TABLE accounts; --",
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '\r\n',
  '+86',
  '@',
  'a',
  '1',
];

function garbageString(gen: Seeded, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += gen.pick(GARBAGE_PIECES);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Routes, from the OpenAPI document the server publishes.

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Names of the JSON body's properties (empty when the route takes no body). */
  bodyFields: string[];
  /** Names of the query parameters. */
  queryParams: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function routesOf(spec: unknown): Route[] {
  if (!isRecord(spec) || !isRecord(spec.paths)) throw new Error('not an OpenAPI document');
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      let bodyFields: string[] = [];
      const schema =
        isRecord(op.requestBody) && isRecord(op.requestBody.content)
          ? op.requestBody.content['application/json']
          : undefined;
      if (isRecord(schema) && isRecord(schema.schema) && isRecord(schema.schema.properties)) {
        bodyFields = Object.keys(schema.schema.properties);
      }
      const queryParams = Array.isArray(op.parameters)
        ? op.parameters.filter((p) => isRecord(p) && p.in === 'query').map((p) => String((p as { name: unknown }).name))
        : [];
      routes.push({ method: method.toUpperCase() as Route['method'], path, bodyFields, queryParams });
    }
  }
  return routes;
}

/** A plausible value for a field, so that mutating one field leaves the others valid. */
function plausible(field: string, gen: Seeded): unknown {
  switch (field) {
    case 'purpose':
      return 'register';
    case 'to':
    case 'phone':
    case 'identifier':
      return `+86138${String(gen.int(100_000_000)).padStart(8, '0')}`;
    case 'email':
      return `fuzz.${gen.bytes(6).toString('hex')}@example.com`;
    case 'code':
      return '123456';
    case 'password':
      return GOOD_PASSWORD;
    case 'limit':
      return 5;
    default:
      return 'x';
  }
}

/** Path parameters (`{id}`) filled with hostile values. */
function concretePaths(path: string): string[] {
  if (!path.includes('{')) return [path];
  return ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%00', '..%2F..%2Fetc', 'a'.repeat(2000), '-1'].map(
    (v) => path.replace(/\{[^}]+\}/g, v),
  );
}

// ---------------------------------------------------------------------------------------------
// The battery.

interface Case {
  label: string;
  url: string;
  body?: string | Buffer;
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** JSON texts of the wrong type (or hostile content) for one field. */
function wrongValues(gen: Seeded): [string, string][] {
  return [
    ['number', '12345'],
    ['float', '1.5'],
    ['overflowing number', '1e400'],
    ['negative', '-1'],
    ['boolean', 'true'],
    ['null', 'null'],
    ['array', '["a","b"]'],
    ['one-element array', '["13800138000"]'],
    ['empty array', '[]'],
    ['nested object', '{"$gt":"","$ne":null}'],
    ['object with toString', '{"toString":"x","valueOf":1,"length":3}'],
    ['empty string', '""'],
    ['whitespace', '"   \\t\\n "'],
    ['100k-char string (over the body limit)', JSON.stringify('a'.repeat(100_000))],
    ['60k-char string (under the body limit)', JSON.stringify('7'.repeat(60_000))],
    ['2k-char digits', JSON.stringify('1'.repeat(2_000))],
    ['lone high surrogate', '"\\ud800"'],
    ['reversed surrogates', '"\\udc00\\ud800abc"'],
    ['NUL inside', '"138\\u00000013800"'],
    ['NUL email', '"a\\u0000b@example.com"'],
    ['only NUL', '"\\u0000"'],
    ['control characters', '"\\u0001\\u0002\\u001f"'],
    ['unicode garbage', JSON.stringify(garbageString(gen, 12))],
    ['unicode garbage email', JSON.stringify(`${garbageString(gen, 4)}@${garbageString(gen, 3)}.com`)],
    ['deep array', `${'['.repeat(2000)}${']'.repeat(2000)}`],
    ['__proto__ object', '{"__proto__":{"role":"admin"}}'],
  ];
}

function bodyCases(route: Route, gen: Seeded): Case[] {
  const url = route.path;
  const json = (label: string, body: string): Case => ({ label, url, body, contentType: 'application/json' });
  const validBody = () => Object.fromEntries(route.bodyFields.map((f) => [f, plausible(f, gen)]));
  /** The body with one field's JSON text replaced (field names are plain, so splicing text is safe). */
  const withField = (field: string, valueJson: string) => {
    const entries = Object.entries(validBody())
      .filter(([k]) => k !== field)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    entries.push(`${JSON.stringify(field)}:${valueJson}`);
    return `{${entries.join(',')}}`;
  };
  const valid = JSON.stringify(validBody());

  const cases: Case[] = [
    // Broken JSON
    json('truncated JSON', '{"a":'),
    json('single-quoted JSON', "{'a':1}"),
    json('trailing comma', '{"a":1,}'),
    json('bare word', 'nul'),
    json('unterminated string', '"abc'),
    json('two documents', '{}{}'),
    json('comment in JSON', '{/* x */}'),
    json('NaN literal', '{"a":NaN}'),
    json('bare backslash escape', '{"a":"\\x41"}'),
    json('lone surrogate escape at top level', '"\\ud800"'),
    // Valid JSON of the wrong shape
    json('number body', '123'),
    json('string body', '"hello"'),
    json('null body', 'null'),
    json('true body', 'true'),
    json('array body', '[]'),
    json('array of the valid body', `[${valid}]`),
    json('empty object', '{}'),
    json('every field null', JSON.stringify(Object.fromEntries(route.bodyFields.map((f) => [f, null])))),
    json('duplicated keys', valid.replace(/^\{/, `{${route.bodyFields.map((f) => `"${f}":["dup"],`).join('')}`)),
    json(
      'unknown extra fields',
      JSON.stringify({ ...validBody(), role: 'admin', id: 1, status: 'active', $where: '1' }),
    ),
    // Size and depth
    json('100k-char body (over 64 KiB)', JSON.stringify({ a: 'x'.repeat(100_000) })),
    json('10k-level nested arrays', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    json('10k-level nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
    json('100k-level nested arrays (over 64 KiB)', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    json('5k keys', `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}":1`).join(',')}}`),
    json(
      'deep nesting with __proto__ at the bottom',
      `${'{"a":'.repeat(2_000)}{"__proto__":{"role":"admin"}}${'}'.repeat(2_000)}`,
    ),
    // Empty and odd bodies
    json('empty body with a JSON type', ''),
    json('whitespace body with a JSON type', '   \n'),
    { label: 'JSON with a UTF-8 BOM', url, body: `\ufeff${valid}`, contentType: 'application/json' },
    {
      label: 'invalid UTF-8 bytes',
      url,
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]),
      contentType: 'application/json',
    },
    { label: 'UTF-16 body', url, body: Buffer.from(valid, 'utf16le'), contentType: 'application/json; charset=utf-16' },
    { label: 'JSON with charset latin1', url, body: valid, contentType: 'application/json; charset=latin1' },
    { label: 'JSON type with junk parameters', url, body: valid, contentType: 'application/json;;; x=";' },
    { label: 'vendor JSON type', url, body: valid, contentType: 'application/vnd.api+json' },
    { label: 'no content type', url, body: valid, contentType: null },
    { label: 'text/plain', url, body: valid, contentType: 'text/plain' },
    { label: 'text/plain garbage', url, body: garbageString(gen, 20), contentType: 'text/plain; charset=utf-8' },
    {
      label: 'multipart/form-data',
      url,
      body: '--XX\r\nContent-Disposition: form-data; name="role"\r\n\r\nadmin\r\n--XX--\r\n',
      contentType: 'multipart/form-data; boundary=XX',
    },
    { label: 'multipart without boundary', url, body: 'a', contentType: 'multipart/form-data' },
    {
      label: 'urlencoded form',
      url,
      body: 'role=admin&__proto__[role]=admin',
      contentType: 'application/x-www-form-urlencoded',
    },
    { label: 'XML', url, body: '<?xml version="1.0"?><a>1</a>', contentType: 'application/xml' },
    { label: 'octet-stream', url, body: gen.bytes(256), contentType: 'application/octet-stream' },
    { label: 'malformed content type', url, body: valid, contentType: '/;' },
    // Prototype poisoning (SECURITY 42)
    json('__proto__ at top level', '{"__proto__":{"role":"admin"}}'),
    json('__proto__ beside valid fields', valid.replace(/\}$/, ',"__proto__":{"role":"admin","isAdmin":true}}')),
    json('constructor.prototype', '{"constructor":{"prototype":{"role":"admin"}}}'),
    json(
      'constructor.prototype beside valid fields',
      valid.replace(/\}$/, ',"constructor":{"prototype":{"role":"admin"}}}'),
    ),
    json('escaped __proto__ key', '{"\\u005f_proto__":{"role":"admin"}}'),
    json('nested __proto__', '{"a":{"b":{"__proto__":{"role":"admin"}}}}'),
    json('prototype key', '{"prototype":{"role":"admin"}}'),
  ];

  // One field at a time, the others valid.
  for (const field of route.bodyFields) {
    for (const [label, value] of wrongValues(gen)) cases.push(json(`${field}: ${label}`, withField(field, value)));
  }

  // Seeded random: raw bytes and garbage JSON strings in every field.
  for (let i = 0; i < 20; i++) {
    cases.push({
      label: `seeded bytes #${i}`,
      url,
      body: gen.bytes(1 + gen.int(512)),
      contentType: 'application/json',
    });
  }
  for (let i = 0; i < 20; i++) {
    const body = Object.fromEntries(route.bodyFields.map((f) => [f, garbageString(gen, 1 + gen.int(30))]));
    cases.push(json(`seeded garbage fields #${i}`, JSON.stringify(body)));
  }
  return cases;
}

function queryCases(route: Route, base: string, gen: Seeded): Case[] {
  const q = (label: string, query: string): Case => ({ label, url: `${base}?${query}` });
  const validQuery = route.queryParams.map((p) => `${p}=${encodeURIComponent(String(plausible(p, gen)))}`).join('&');
  const cases: Case[] = [
    q('duplicated unknown parameter', 'x=1&x=2'),
    q('__proto__ parameter', '__proto__=admin&__proto__[role]=admin'),
    q('constructor.prototype parameter', 'constructor[prototype][role]=admin&constructor.prototype.role=admin'),
    q('bad percent-encoding', '%E0%A4%A=1&a=%'),
    q('encoded invalid UTF-8', 'a=%ff%fe%c0'),
    q('encoded lone surrogate', 'a=%ED%A0%80'),
    q('encoded NUL', '%00=%00'),
    q('100k-char query', `a=${'b'.repeat(100_000)}`),
    q('10k parameters', Array.from({ length: 10_000 }, (_, i) => `p${i}=${i}`).join('&')),
    q('empty query', ''),
    q('ampersands only', '&&&=&='),
    q('array syntax', 'a[]=1&a[]=2&a[0][b]=c'),
  ];
  for (const p of route.queryParams) {
    const others = route.queryParams
      .filter((o) => o !== p)
      .map((o) => `${o}=${encodeURIComponent(String(plausible(o, gen)))}`)
      .join('&');
    const wth = (value: string) => [others, `${p}=${value}`].filter(Boolean).join('&');
    const values: [string, string][] = [
      [
        'duplicated',
        `${encodeURIComponent(String(plausible(p, gen)))}&${p}=${encodeURIComponent(String(plausible(p, gen)))}`,
      ],
      ['duplicated, different values', `a&${p}=b`],
      ['empty', ''],
      ['NUL', '%00'],
      ['NUL inside a number', '138%0000138000'],
      ['NUL inside an email', 'a%00b%40example.com'],
      ['invalid UTF-8', '%ff%fe'],
      ['lone surrogate', '%ED%A0%80'],
      ['huge number', '1e400'],
      ['negative', '-1'],
      ['float', '1.5'],
      ['not a number', 'abc'],
      ['array syntax', `x&${p}[]=y`],
      ['10k chars', 'z'.repeat(10_000)],
      ['garbage', encodeURIComponent(garbageString(gen, 10).replace(/[\ud800-\udfff]/g, 'x'))],
    ];
    for (const [label, value] of values) cases.push(q(`${p}: ${label}`, wth(value)));
  }
  if (validQuery) cases.push(q('valid query plus __proto__', `${validQuery}&__proto__[role]=admin`));
  return cases;
}

function pathCases(route: Route): Case[] {
  const bad = [
    '%',
    '%E0%A4%A',
    '%00',
    '%ff%fe',
    '..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/',
    ';jsessionid=1',
    '//',
    '~',
  ];
  return bad.map((suffix) => ({
    label: `path suffix ${suffix}`,
    url: `${route.path.replace(/\{[^}]+\}/g, 'x')}${suffix}`,
  }));
}

// ---------------------------------------------------------------------------------------------
// Checks.

const LEAKS: [string, RegExp][] = [
  ['a stack property', /"stack"\s*:/],
  ['a stack frame', /\bat\s+\S+\s+\(?[^)\s]+:\d+:\d+\)?/],
  ['a source path', /(?:\/|\\)(?:src|node_modules|work|home|usr)(?:\/|\\)|\.[cm]?[jt]s:\d+/],
  ['a framework error code', /FST_[A-Z_]+|ERR_[A-Z_]{4,}/],
  ['a database error', /violates|syntax error|relation "|SQLSTATE|invalid byte sequence/i],
];

interface Response {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Problems with one response; empty when it is acceptable. */
function problemsOf(res: Response): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
  for (const [what, pattern] of LEAKS) if (pattern.test(res.body)) problems.push(`body has ${what}`);
  if (res.statusCode >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/json')) problems.push(`error content-type "${type}"`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      problems.push('error body is not JSON');
    }
    if (parsed !== undefined) {
      const code = isRecord(parsed) ? parsed.code : undefined;
      if (typeof code !== 'string') problems.push('error body has no string code');
      else if (!(code in errorStatus)) problems.push(`unknown code ${code}`);
      else if (errorStatus[code as keyof typeof errorStatus] !== res.statusCode) {
        problems.push(`code ${code} with status ${res.statusCode}`);
      }
      if (isRecord(parsed) && typeof parsed.message !== 'string') problems.push('error body has no message');
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

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
      const gen = new Seeded(`${route.method} ${route.path}`);
      const cases: Case[] = [];
      const [path = route.path, ...otherPaths] = concretePaths(route.path);
      if (route.method !== 'GET') cases.push(...bodyCases({ ...route, path }, gen));
      cases.push(...queryCases(route, path, gen));
      for (const other of otherPaths) {
        cases.push({ label: 'hostile path parameter', url: other });
        if (route.method !== 'GET') {
          cases.push({
            label: 'hostile path parameter, JSON body',
            url: other,
            body: '{}',
            contentType: 'application/json',
          });
        }
      }
      cases.push(...pathCases(route));
      cases.push(
        { label: 'garbage cookie', url: path, headers: { cookie: 'sid=%ff%00%zz; sid=1; __Host-sid=x' } },
        { label: 'long cookie', url: path, headers: { cookie: `sid=${'c'.repeat(8_000)}` } },
        { label: 'garbage Accept-Language', url: path, headers: { 'accept-language': ';q=x,,*;q=-1,zh;q=1e400' } },
        { label: 'latin-1 user agent', url: path, headers: { 'user-agent': '\u00ff\u00fe'.repeat(600) } },
        { label: 'foreign origin', url: path, headers: { origin: 'https://evil.example' } },
        { label: 'null origin', url: path, headers: { origin: 'null' } },
      );
      expect(cases.length).toBeGreaterThan(20);

      const failures = new Map<string, Failure>();
      for (const c of cases) {
        await run(route, c, false, failures);
        await run(route, c, true, failures);
      }
      const report = [...failures.values()].map((f) => `${f.count}× ${f.problems} — e.g. ${f.example}`);
      expect(report).toEqual([]);
    });
  }
});

describe('SECURITY 42: __proto__, constructor and duplicated parameters have no effect', () => {
  it('the payloads above left Object.prototype untouched', () => {
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
