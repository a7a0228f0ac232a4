import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOpen, device, developer } from './apps-helpers.js';
import { startTestApp, type InjectOptions, type TestApp } from './harness.js';

let t: TestApp;
const logs: string[] = [];
beforeAll(async () => {
  t = await startTestApp({ logs });
});
afterAll(() => t.close());

describe('SECURITY 36: an AppKey is shown once', () => {
  it('no response after the creating one contains it (list, get, edit, keys, state changes, devices, open API), nor any log line', async () => {
    const dev = await developer(t);
    const added = await t.request({ method: 'POST', url: `/api/v1/apps/${dev.creds.appId}/keys`, cookie: dev.cookie });
    expect(added.statusCode).toBe(201);
    expect(added.headers['cache-control']).toBe('no-store');
    const secrets = [dev.creds.appKey, added.json().appKey as string];
    const second = added.json().keyId as string;
    const app = `/api/v1/apps/${dev.creds.appId}`;

    const later: { name: string; body: string }[] = [];
    const call = async (o: InjectOptions) => {
      const res = await t.request({ cookie: dev.cookie, ...o });
      expect(res.statusCode, `${o.method ?? 'GET'} ${o.url}`).toBeLessThan(300);
      later.push({ name: `${o.method ?? 'GET'} ${o.url}`, body: res.body + JSON.stringify(res.headers) });
    };
    await call({ url: '/api/v1/apps' });
    await call({ url: app });
    await call({ method: 'PATCH', url: app, body: { description: 'edited' } });
    await call({ url: `${app}/keys` });
    await call({ method: 'POST', url: `${app}/keys/${second}/disable` });
    await call({ method: 'POST', url: `${app}/keys/${second}/enable` });
    await call({ url: '/api/v1/devices' });
    await call({ url: '/api/v1/devices/quota' });
    await call({ url: '/api/v1/me/security-events' });
    for (const o of [
      { method: 'POST', path: '/open/v1/devices', body: device() },
      { method: 'GET', path: '/open/v1/devices' },
    ]) {
      const res = await callOpen(t, dev.creds, o);
      expect(res.statusCode).toBeLessThan(300);
      later.push({ name: `${o.method} ${o.path}`, body: res.body + JSON.stringify(res.headers) });
    }
    await call({ method: 'DELETE', url: `${app}/keys/${second}` });
    await call({ url: `${app}/keys` });

    expect(later.length).toBeGreaterThanOrEqual(12);
    for (const { name, body } of later) for (const secret of secrets) expect(body, name).not.toContain(secret);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
    // At rest, only sealed.
    const { rows } = await t.db.query<{ secret_sealed: string }>('SELECT secret_sealed FROM app_keys');
    for (const row of rows) for (const secret of secrets) expect(row.secret_sealed).not.toContain(secret);
  });

  it('key listings carry only KeyID, state, created and last-used time', async () => {
    const dev = await developer(t);
    const res = await t.request({ url: `/api/v1/apps/${dev.creds.appId}/keys`, cookie: dev.cookie });
    for (const key of res.json().keys)
      expect(Object.keys(key).sort()).toEqual(['createdAt', 'keyId', 'lastUsedAt', 'state']);
  });
});

describe('SECURITY 27: another developer’s apps and keys answer 404', () => {
  it('app read, edit, delete and every key route', async () => {
    const owner = await developer(t);
    const other = await developer(t);
    const app = `/api/v1/apps/${owner.creds.appId}`;
    const key = `${app}/keys/${owner.creds.keyId}`;
    const attempts: [InjectOptions, string][] = [
      [{ url: app }, 'app.not_found'],
      [{ method: 'PATCH', url: app, body: { name: 'taken over' } }, 'app.not_found'],
      [{ method: 'DELETE', url: app }, 'app.not_found'],
      [{ url: `${app}/keys` }, 'app.not_found'],
      [{ method: 'POST', url: `${app}/keys` }, 'app.not_found'],
      [{ method: 'POST', url: `${key}/disable` }, 'app.not_found'],
      [{ method: 'POST', url: `${key}/enable` }, 'app.not_found'],
      [{ method: 'DELETE', url: key }, 'app.not_found'],
      // Their key id under my own app: no such key here.
      [
        { method: 'POST', url: `/api/v1/apps/${other.creds.appId}/keys/${owner.creds.keyId}/disable` },
        'app.key_not_found',
      ],
      [{ method: 'DELETE', url: `/api/v1/apps/${other.creds.appId}/keys/${owner.creds.keyId}` }, 'app.key_not_found'],
    ];
    for (const [o, code] of attempts) {
      const res = await t.request({ ...o, cookie: other.cookie });
      expect(res.statusCode, `${o.method ?? 'GET'} ${o.url}`).toBe(404);
      expect(res.json().code).toBe(code);
    }
    // Nothing changed for the owner.
    expect((await t.request({ url: app, cookie: owner.cookie })).json().name).toBe('Test app');
    const keys = (await t.request({ url: `${app}/keys`, cookie: owner.cookie })).json().keys;
    expect(keys).toEqual([expect.objectContaining({ keyId: owner.creds.keyId, state: 'active' })]);
    expect((await callOpen(t, owner.creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);
  });
});
