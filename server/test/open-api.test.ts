import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../clients/open-api-signing/client.js';
import { callOpen, device, deviceId, developer, send, type Developer } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let dev: Developer;
beforeAll(async () => {
  t = await startTestApp();
  dev = await developer(t);
});
afterAll(() => t.close());

const at = (seconds: number) => new Date(t.clock.now().getTime() + seconds * 1000);
const expectCode = (res: { statusCode: number; json: () => { code: string } }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().code).toBe(code);
};

describe('SECURITY 37: signed open API', () => {
  it('accepts a correctly signed request and records the key’s last use', async () => {
    const res = await callOpen(t, dev.creds, {
      method: 'GET',
      path: '/open/v1/devices',
      query: { page: 1, pageSize: 5 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 0, page: 1, pageSize: 5 });
    const keys = (await t.request({ url: `/api/v1/apps/${dev.creds.appId}/keys`, cookie: dev.cookie })).json().keys;
    expect(keys[0].lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('writes the key’s last use at most once a minute', async () => {
    const read = async () => {
      const res = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' });
      expect(res.statusCode).toBe(200);
      const keys = (await t.request({ url: `/api/v1/apps/${dev.creds.appId}/keys`, cookie: dev.cookie })).json().keys;
      return keys[0].lastUsedAt as string;
    };
    t.clock.advance(61);
    const first = await read();
    expect(first).toBe(t.clock.now().toISOString());
    t.clock.advance(30);
    expect(await read()).toBe(first);
    t.clock.advance(31);
    expect(await read()).toBe(t.clock.now().toISOString());
  });

  it('refuses each tampered field: method, path, query, body, AppID, KeyID, nonce, timestamp', async () => {
    const id = deviceId();
    const base = { ...dev.creds, now: t.clock.now() };
    const other = { appId: 'app_aaaaaaaaaaaaaaaa', keyId: 'key_aaaaaaaaaaaaaaaa' };
    const vectors: [string, () => ReturnType<typeof signRequest>][] = [
      [
        'method',
        () => ({ ...signRequest({ ...base, method: 'GET', path: `/open/v1/devices/${id}` }), method: 'DELETE' }),
      ],
      [
        'path',
        () => ({ ...signRequest({ ...base, method: 'GET', path: '/open/v1/devices/a1' }), url: '/open/v1/devices/a2' }),
      ],
      [
        'query',
        () => ({
          ...signRequest({ ...base, method: 'GET', path: '/open/v1/devices', query: { page: 1 } }),
          url: '/open/v1/devices?page=2',
        }),
      ],
      [
        'body',
        () => ({
          ...signRequest({ ...base, method: 'POST', path: '/open/v1/devices', body: device(id) }),
          body: JSON.stringify({ ...device(id), name: 'changed' }),
        }),
      ],
      ...(['appId', 'keyId'] as const).map(
        (field) =>
          [
            field,
            () => {
              const s = signRequest({
                ...base,
                [field]: other[field],
                method: 'POST',
                path: '/open/v1/devices',
                body: device(id),
              });
              return {
                ...s,
                headers: { ...s.headers, [field === 'appId' ? 'x-app-id' : 'x-key-id']: dev.creds[field] },
              };
            },
          ] as [string, () => ReturnType<typeof signRequest>],
      ),
      [
        'nonce',
        () => {
          const s = signRequest({
            ...base,
            nonce: 'n'.repeat(32),
            method: 'POST',
            path: '/open/v1/devices',
            body: device(id),
          });
          return { ...s, headers: { ...s.headers, 'x-nonce': 'm'.repeat(32) } };
        },
      ],
      [
        'timestamp',
        () => {
          const s = signRequest({ ...base, method: 'POST', path: '/open/v1/devices', body: device(id) });
          return { ...s, headers: { ...s.headers, 'x-timestamp': String(Number(s.headers['x-timestamp']) + 1) } };
        },
      ],
    ];
    for (const [name, make] of vectors) {
      const res = await send(t, make());
      expect(res.statusCode, name).toBe(401);
      expect(res.json().code, name).toBe('open_api.signature_invalid');
    }
    // Nothing was registered by any of them.
    const list = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' });
    expect(list.json().total).toBe(0);
  });

  it('refuses a signature made with another AppKey, and malformed or missing headers', async () => {
    const stranger = await developer(t);
    const res = await callOpen(
      t,
      { ...dev.creds, appKey: stranger.creds.appKey },
      { method: 'GET', path: '/open/v1/devices' },
    );
    expectCode(res, 401, 'open_api.signature_invalid');
    const good = signRequest({ ...dev.creds, now: t.clock.now(), method: 'GET', path: '/open/v1/devices' });
    for (const [name, value] of [
      ['x-nonce', 'short'],
      ['x-nonce', 'x'.repeat(65)],
      ['x-timestamp', '12.5'],
      ['x-signature', 'zz'],
      ['x-app-id', 'app_1'],
    ] as const) {
      const r = await send(t, { ...good, headers: { ...good.headers, [name]: value } });
      expectCode(r, 401, 'open_api.header_invalid');
      expect(r.json().details.header).toBe(name);
    }
    const unsigned = await t.request({ url: '/open/v1/devices' });
    expectCode(unsigned, 401, 'open_api.header_invalid');
    // A session cookie is no substitute for a signature.
    expectCode(await t.request({ url: '/open/v1/devices', cookie: dev.cookie }), 401, 'open_api.header_invalid');
  });

  it('refuses an unknown AppID/KeyID pair, and a key of another app', async () => {
    const stranger = await developer(t);
    const mixed = { ...dev.creds, keyId: stranger.creds.keyId, appKey: stranger.creds.appKey };
    expectCode(await callOpen(t, mixed, { method: 'GET', path: '/open/v1/devices' }), 401, 'open_api.key_invalid');
  });

  it('allows ±299 s of clock skew and refuses ±301 s', async () => {
    for (const skew of [299, -299]) {
      const res = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices', now: at(skew) });
      expect(res.statusCode, String(skew)).toBe(200);
    }
    for (const skew of [301, -301]) {
      const res = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices', now: at(skew) });
      expectCode(res, 401, 'open_api.timestamp_skew');
    }
  });

  it('accepts a nonce once per app, even when replayed within the skew window', async () => {
    const signed = signRequest({
      ...dev.creds,
      now: t.clock.now(),
      method: 'POST',
      path: '/open/v1/devices',
      body: device(),
    });
    expect((await send(t, signed)).statusCode).toBe(201);
    expectCode(await send(t, signed), 401, 'open_api.nonce_replayed');
    t.clock.advance(290);
    expectCode(await send(t, signed), 401, 'open_api.nonce_replayed');
    t.clock.advance(20);
    expectCode(await send(t, signed), 401, 'open_api.timestamp_skew');
    // The same nonce in a fresh, differently signed request is still refused.
    const again = await callOpen(t, dev.creds, {
      method: 'GET',
      path: '/open/v1/devices',
      nonce: signed.headers['x-nonce'],
    });
    expectCode(again, 401, 'open_api.nonce_replayed');
  });

  it('parallel replays of one request: exactly one is accepted', async () => {
    const signed = signRequest({ ...dev.creds, now: t.clock.now(), method: 'GET', path: '/open/v1/devices' });
    const results = await Promise.all(Array.from({ length: 10 }, () => send(t, signed)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.json().code === 'open_api.nonce_replayed')).toHaveLength(9);
  });

  it('a disabled key fails at once and works again when enabled; a deleted key fails at once', async () => {
    const owner = await developer(t);
    const keyUrl = `/api/v1/apps/${owner.creds.appId}/keys/${owner.creds.keyId}`;
    const call = () => callOpen(t, owner.creds, { method: 'GET', path: '/open/v1/devices' });
    expect((await call()).statusCode).toBe(200);
    await t.request({ method: 'POST', url: `${keyUrl}/disable`, cookie: owner.cookie });
    expectCode(await call(), 401, 'open_api.key_disabled');
    await t.request({ method: 'POST', url: `${keyUrl}/enable`, cookie: owner.cookie });
    expect((await call()).statusCode).toBe(200);
    expect((await t.request({ method: 'DELETE', url: keyUrl, cookie: owner.cookie })).statusCode).toBe(204);
    expectCode(await call(), 401, 'open_api.key_invalid');
  });

  it('a second key signs on its own; the first keeps working', async () => {
    const owner = await developer(t);
    const added = await t.request({
      method: 'POST',
      url: `/api/v1/apps/${owner.creds.appId}/keys`,
      cookie: owner.cookie,
    });
    const second = { appId: owner.creds.appId, keyId: added.json().keyId, appKey: added.json().appKey };
    expect((await callOpen(t, second, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);
    expect((await callOpen(t, owner.creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);
  });

  it('query order and encoding do not matter, their values do', async () => {
    const s = signRequest({
      ...dev.creds,
      now: t.clock.now(),
      method: 'GET',
      path: '/open/v1/devices',
      query: { pageSize: 3, page: 1 },
    });
    expect((await send(t, { ...s, url: '/open/v1/devices?page=1&pageSize=3' })).statusCode).toBe(200);
  });
});
