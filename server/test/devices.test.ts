import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOpen, device, deviceId, developer, fill, type Credentials } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const quota = async (cookie: string) => (await t.request({ url: '/api/v1/devices/quota', cookie })).json();
const register = (creds: Credentials, body = device()) =>
  callOpen(t, creds, { method: 'POST', path: '/open/v1/devices', body });
const gateway = (creds: Credentials, subs: number, gw = device(deviceId('gw'))) =>
  callOpen(t, creds, {
    method: 'POST',
    path: '/open/v1/gateways',
    body: { gateway: gw, subDevices: Array.from({ length: subs }, () => device()) },
  });
const countRows = async (accountId: string) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE owner_id = $1', [accountId])).rows[0]!
    .n;

describe('devices through the open API', () => {
  it('registers a device and a gateway with sub-devices; both lists page them', async () => {
    const dev = await developer(t);
    const single = await register(dev.creds, { deviceId: 'lamp-0001.A:x', model: 'L1', name: 'Hall lamp' });
    expect(single.statusCode).toBe(201);
    expect(single.json()).toMatchObject({
      deviceId: 'lamp-0001.A:x',
      kind: 'device',
      gatewayId: null,
      appId: dev.creds.appId,
    });
    const gw = await gateway(dev.creds, 3);
    expect(gw.statusCode).toBe(201);
    const { gateway: g, subDevices } = gw.json();
    expect(g.kind).toBe('gateway');
    expect(subDevices).toHaveLength(3);
    expect(
      subDevices.every(
        (s: { kind: string; gatewayId: string }) => s.kind === 'sub_device' && s.gatewayId === g.deviceId,
      ),
    ).toBe(true);

    const open = await callOpen(t, dev.creds, {
      method: 'GET',
      path: '/open/v1/devices',
      query: { page: 2, pageSize: 2 },
    });
    expect(open.json()).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(open.json().items).toHaveLength(2);
    const console1 = await t.request({ url: '/api/v1/devices?page=3&pageSize=2', cookie: dev.cookie });
    expect(console1.json().total).toBe(5);
    expect(console1.json().items.map((d: { deviceId: string }) => d.deviceId)).toEqual(['lamp-0001.A:x']);
    expect(await quota(dev.cookie)).toEqual({ used: 5, cap: 300 });
    const one = await callOpen(t, dev.creds, { method: 'GET', path: `/open/v1/devices/${g.deviceId}` });
    expect(one.json().kind).toBe('gateway');
  });

  it('a device ID is unique across the platform (409 device.id_taken), also within one batch', async () => {
    const a = await developer(t);
    const b = await developer(t);
    const id = deviceId();
    expect((await register(a.creds, device(id))).statusCode).toBe(201);
    const again = await register(b.creds, device(id));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'device.id_taken', details: { deviceId: id } });
    const twice = await callOpen(t, b.creds, {
      method: 'POST',
      path: '/open/v1/gateways',
      body: { gateway: device(), subDevices: [device(id.toUpperCase() + 'x'), device(id.toUpperCase() + 'x')] },
    });
    expect(twice.json().code).toBe('device.id_taken');
    // The refused batches took no quota.
    expect((await quota(b.cookie)).used).toBe(0);
  });

  it('parallel registrations of one new device ID: exactly one wins, the rest get device.id_taken and keep no quota', async () => {
    const a = await developer(t);
    const b = await developer(t);
    const id = deviceId('race');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register(i % 2 ? a.creds : b.creds, device(id))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(r.json()).toMatchObject({ code: 'device.id_taken', details: { deviceId: id } });
    expect((await quota(a.cookie)).used + (await quota(b.cookie)).used).toBe(1);
  });

  it('validates device fields', async () => {
    const dev = await developer(t);
    for (const body of [
      { deviceId: '', model: 'm', name: 'n' },
      { deviceId: 'has space', model: 'm', name: 'n' },
      { deviceId: 'x'.repeat(65), model: 'm', name: 'n' },
      { deviceId: 'ok-1', model: '', name: 'n' },
      { deviceId: 'ok-2', model: 'm' },
    ]) {
      const res = await register(dev.creds, body as ReturnType<typeof device>);
      expect(res.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.json().code).toBe('request.invalid');
    }
  });

  it('removing a gateway takes its sub-devices and frees their quota', async () => {
    const dev = await developer(t);
    const gw = (await gateway(dev.creds, 4)).json();
    await register(dev.creds);
    expect((await quota(dev.cookie)).used).toBe(6);
    const del = await callOpen(t, dev.creds, { method: 'DELETE', path: `/open/v1/devices/${gw.gateway.deviceId}` });
    expect(del.json()).toEqual({ removed: 5 });
    expect((await quota(dev.cookie)).used).toBe(1);
    expect(await countRows(dev.accountId)).toBe(1);
    const sub = gw.subDevices[0].deviceId;
    expect((await callOpen(t, dev.creds, { method: 'GET', path: `/open/v1/devices/${sub}` })).json().code).toBe(
      'device.not_found',
    );
  });
});

describe('SECURITY 38: personal cap of 300, sub-devices included', () => {
  it('at 299 a gateway with 2 sub-devices is refused whole; one more device fits; removal frees quota', async () => {
    const dev = await developer(t);
    await fill(t, dev.creds, 299);
    const gwId = deviceId('gw');
    const refused = await gateway(dev.creds, 2, device(gwId));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'device.quota_exceeded', details: { used: 299, cap: 300 } });
    expect(await countRows(dev.accountId)).toBe(299);
    expect((await callOpen(t, dev.creds, { method: 'GET', path: `/open/v1/devices/${gwId}` })).statusCode).toBe(404);
    expect(await quota(dev.cookie)).toEqual({ used: 299, cap: 300 });

    const last = device();
    expect((await register(dev.creds, last)).statusCode).toBe(201);
    expect((await register(dev.creds)).json().code).toBe('device.quota_exceeded');
    expect(await quota(dev.cookie)).toEqual({ used: 300, cap: 300 });

    // Removal (here from the console) frees the place at once.
    const del = await t.request({ method: 'DELETE', url: `/api/v1/devices/${last.deviceId}`, cookie: dev.cookie });
    expect(del.json()).toEqual({ removed: 1 });
    expect((await quota(dev.cookie)).used).toBe(299);
    expect((await register(dev.creds)).statusCode).toBe(201);
  });

  it('50 parallel single additions at 290 leave exactly 300', async () => {
    const dev = await developer(t);
    await fill(t, dev.creds, 290);
    const results = await Promise.all(Array.from({ length: 50 }, () => register(dev.creds)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(40);
    expect(refused.every((r) => r.statusCode === 409 && r.json().code === 'device.quota_exceeded')).toBe(true);
    expect(await countRows(dev.accountId)).toBe(300);
    expect(await quota(dev.cookie)).toEqual({ used: 300, cap: 300 });
  });

  it('the cap counts every app of the developer', async () => {
    const dev = await developer(t);
    const second = (
      await t.request({ url: '/api/v1/apps', body: { name: 'Second', industry: 'retail' }, cookie: dev.cookie })
    ).json();
    const creds2 = { appId: second.app.appId, keyId: second.key.keyId, appKey: second.key.appKey };
    await fill(t, dev.creds, 200);
    await fill(t, creds2, 100);
    expect((await register(creds2)).json().code).toBe('device.quota_exceeded');
    expect((await register(dev.creds)).json().code).toBe('device.quota_exceeded');
    // Deleting an app frees the quota of its devices.
    await t.request({ method: 'DELETE', url: `/api/v1/apps/${creds2.appId}`, cookie: dev.cookie });
    expect(await quota(dev.cookie)).toEqual({ used: 200, cap: 300 });
  });

  it('enterprise developers have no cap', async () => {
    const dev = await developer(t, 'enterprise');
    await fill(t, dev.creds, 300);
    expect((await gateway(dev.creds, 5)).statusCode).toBe(201);
    expect(await quota(dev.cookie)).toEqual({ used: 306, cap: null });
  });
});

describe('SECURITY 27: another developer’s devices answer 404', () => {
  it('via the open API and the console', async () => {
    const owner = await developer(t);
    const other = await developer(t);
    const id = (await register(owner.creds)).json().deviceId;
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await callOpen(t, other.creds, { method, path: `/open/v1/devices/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('device.not_found');
    }
    const del = await t.request({ method: 'DELETE', url: `/api/v1/devices/${id}`, cookie: other.cookie });
    expect(del.json().code).toBe('device.not_found');
    expect((await t.request({ url: '/api/v1/devices', cookie: other.cookie })).json().total).toBe(0);
    expect((await callOpen(t, other.creds, { method: 'GET', path: '/open/v1/devices' })).json().total).toBe(0);
    // Still there for its owner.
    expect((await callOpen(t, owner.creds, { method: 'GET', path: `/open/v1/devices/${id}` })).statusCode).toBe(200);
  });
});
