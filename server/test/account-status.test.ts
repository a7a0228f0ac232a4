import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../clients/open-api-signing/client.js';
import { callOpen, developer, send } from './apps-helpers.js';
import { staffSession } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof staffSession>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await staffSession(t, 'admin');
});
afterAll(() => t.close());

const list = (creds: Parameters<typeof callOpen>[1]) => callOpen(t, creds, { method: 'GET', path: '/open/v1/devices' });

describe('account status reaches the open API', () => {
  it('disabling a developer refuses their apps at once (coded 403); enabling restores them', async () => {
    const dev = await developer(t);
    expect((await list(dev.creds)).statusCode).toBe(200);

    const disable = `/api/v1/admin/accounts/${dev.accountId}/disable`;
    expect((await t.request({ url: disable, body: {}, cookie: admin.cookie })).statusCode).toBe(204);
    const refused = await list(dev.creds);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('open_api.account_disabled');
    const signed = signRequest({ ...dev.creds, now: t.clock.now(), method: 'GET', path: '/open/v1/devices' });
    signed.headers['accept-language'] = 'en';
    expect((await send(t, signed)).json().message).toMatch(/disabled/);

    const enable = `/api/v1/admin/accounts/${dev.accountId}/enable`;
    expect((await t.request({ url: enable, body: {}, cookie: admin.cookie })).statusCode).toBe(204);
    expect((await list(dev.creds)).statusCode).toBe(200);
    // Enabling an active account is a 404 like any other account the route does not apply to.
    expect((await t.request({ url: enable, body: {}, cookie: admin.cookie })).statusCode).toBe(404);
  });

  it('only an admin may enable an account', async () => {
    const dev = await developer(t);
    const reviewer = await staffSession(t, 'reviewer');
    await t.request({ url: `/api/v1/admin/accounts/${dev.accountId}/disable`, body: {}, cookie: admin.cookie });
    const res = await t.request({
      url: `/api/v1/admin/accounts/${dev.accountId}/enable`,
      body: {},
      cookie: reviewer.cookie,
    });
    expect(res.statusCode).toBe(403);
    expect((await list(dev.creds)).statusCode).toBe(403);
  });
});
