import { GOOD_PASSWORD } from '../harness.js';
import { garbageString, type Seeded } from './generator.js';
import type { Route } from './routes.js';

/**
 * The catalogue of malformed inputs (SECURITY 39, 42): broken JSON, wrong types, huge and deep
 * payloads, odd content types, prototype poisoning, unicode garbage, duplicated query parameters,
 * hostile paths and headers — built per route from its body fields and query parameters.
 */

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
export function concretePaths(path: string): string[] {
  if (!path.includes('{')) return [path];
  return ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%00', '..%2F..%2Fetc', 'a'.repeat(2000), '-1'].map(
    (v) => path.replace(/\{[^}]+\}/g, v),
  );
}

export interface Case {
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

/** Every case of the catalogue for one route, in a fixed order (the generator is seeded per route). */
export function casesFor(route: Route, gen: Seeded): Case[] {
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
  return cases;
}

/** The cases that try to poison a prototype: `__proto__`, `constructor.prototype`, `prototype` keys. */
export function isPrototypeCase(c: Case): boolean {
  const body = typeof c.body === 'string' ? c.body : '';
  return /__proto__|\\u005f_proto__|constructor|prototype/.test(`${c.label} ${c.url} ${body}`);
}
