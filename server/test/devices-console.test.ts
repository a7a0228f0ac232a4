import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOpen, device, deviceId, developer, type Credentials } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const register = (creds: Credentials, body = device()) =>
  callOpen(t, creds, { method: 'POST', path: '/open/v1/devices', body });
const gateway = (creds: Credentials, subs: number, gw = device(deviceId('gw'))) =>
  callOpen(t, creds, {
    method: 'POST',
    path: '/open/v1/gateways',
    body: { gateway: gw, subDevices: Array.from({ length: subs }, () => device()) },
  });

interface Item {
  deviceId: string;
  appId: string;
  kind: string;
  subDevices?: { deviceId: string; gatewayId: string }[];
}
const list = async (cookie: string, query: string) =>
  (await t.request({ url: `/api/v1/devices?${query}`, cookie })).json() as { items: Item[]; total: number };

describe("GET /api/v1/devices: one app's devices, paged by the server, as a tree", () => {
  it('appId filters to that app; tree pages over devices and gateways, each gateway with its sub-devices', async () => {
    const dev = await developer(t);
    const second = await t.request({
      url: '/api/v1/apps',
      body: { name: 'Second app', industry: 'smart_home' },
      cookie: dev.cookie,
    });
    const other = second.json() as { app: { appId: string }; key: { keyId: string; appKey: string } };
    const otherCreds = { appId: other.app.appId, keyId: other.key.keyId, appKey: other.key.appKey };

    expect((await register(dev.creds)).statusCode).toBe(201);
    const gw = (await gateway(dev.creds, 3)).json() as { gateway: { deviceId: string } };
    expect((await register(otherCreds)).statusCode).toBe(201);

    const flat = await list(dev.cookie, `appId=${dev.creds.appId}&pageSize=100`);
    expect(flat.total).toBe(5);
    expect(flat.items.every((d) => d.appId === dev.creds.appId)).toBe(true);

    const tree = await list(dev.cookie, `appId=${dev.creds.appId}&tree=true&pageSize=1`);
    expect(tree.total).toBe(2);
    expect(tree.items).toHaveLength(1);
    expect(tree.items[0]).toMatchObject({ kind: 'gateway', deviceId: gw.gateway.deviceId });
    expect(tree.items[0]!.subDevices).toHaveLength(3);
    expect(tree.items[0]!.subDevices!.every((s) => s.gatewayId === gw.gateway.deviceId)).toBe(true);
    const page2 = await list(dev.cookie, `appId=${dev.creds.appId}&tree=true&pageSize=1&page=2`);
    expect(page2.items.map((d) => d.kind)).toEqual(['device']);
    expect(page2.items[0]!.subDevices).toBeUndefined();

    expect((await list(dev.cookie, `appId=${otherCreds.appId}`)).total).toBe(1);
    expect((await list(dev.cookie, '')).total).toBe(6);
  });

  it("another developer's appId lists nothing; a malformed one is refused", async () => {
    const owner = await developer(t);
    expect((await register(owner.creds)).statusCode).toBe(201);
    const stranger = await developer(t);
    expect((await list(stranger.cookie, `appId=${owner.creds.appId}`)).total).toBe(0);
    const bad = await t.request({ url: '/api/v1/devices?appId=%3Cx%3E', cookie: stranger.cookie });
    expect(bad.statusCode).toBe(400);
  });
});
