import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, callOpen, developer, setCertification } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const createApp = (cookie: string, body: unknown = { name: 'Lamp control', industry: 'smart_home' }) =>
  t.request({ url: '/api/v1/apps', body, cookie });

describe('apps: who may create them', () => {
  it('refuses creation with app.not_certified before approval (unsubmitted, pending, rejected)', async () => {
    for (const state of [null, 'pending', 'rejected'] as const) {
      const { cookie, account } = await t.register();
      if (state) await setCertification(t, account.id, 'personal', state);
      const res = await createApp(cookie);
      expect(res.statusCode, String(state)).toBe(403);
      expect(res.json().code).toBe('app.not_certified');
      expect((await t.request({ url: '/api/v1/apps', cookie })).json().apps).toEqual([]);
    }
  });

  it('needs a session', async () => {
    expect((await t.request({ url: '/api/v1/apps' })).json().code).toBe('auth.required');
    expect((await t.request({ url: '/api/v1/devices/quota' })).json().code).toBe('auth.required');
  });

  it('validates name (1–50), industry (fixed list) and description (≤ 500)', async () => {
    const { cookie, account } = await t.register();
    await approve(t, account.id);
    for (const body of [
      { name: '', industry: 'retail' },
      { name: 'x'.repeat(51), industry: 'retail' },
      { name: 'ok', industry: 'casino' },
      { name: 'ok', industry: 'retail', description: 'd'.repeat(501) },
      { industry: 'retail' },
    ]) {
      const res = await createApp(cookie, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.json().code).toBe('request.invalid');
    }
    expect(
      (await createApp(cookie, { name: 'x'.repeat(50), industry: 'other', description: 'd'.repeat(500) })).statusCode,
    ).toBe(201);
  });
});

describe('apps: create, list, edit, delete', () => {
  it('creates an app with a server-made AppID and a first 256-bit key (SECURITY 36)', async () => {
    const { cookie, account } = await t.register();
    await approve(t, account.id, 'enterprise');
    const res = await createApp(cookie, { name: '  Hotel rooms ', industry: 'hospitality', description: 'Rooms' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { app, key } = res.json();
    expect(app).toMatchObject({ name: 'Hotel rooms', industry: 'hospitality', description: 'Rooms' });
    expect(app.appId).toMatch(/^app_[a-z2-7]{16}$/);
    expect(key.keyId).toMatch(/^key_[a-z2-7]{16}$/);
    expect(Buffer.from(key.appKey, 'base64url')).toHaveLength(32);
    expect(key).toMatchObject({ state: 'active', lastUsedAt: null });
    // Stored sealed, never in clear.
    const { rows } = await t.db.query<{ secret_sealed: string }>(
      'SELECT secret_sealed FROM app_keys WHERE key_id = $1',
      [key.keyId],
    );
    expect(rows[0]!.secret_sealed).not.toContain(key.appKey);
    expect(rows[0]!.secret_sealed.split(':')).toHaveLength(4);
  });

  it('drops owner, appId, keys and state from bodies (SECURITY 29 mass assignment)', async () => {
    const victim = await developer(t);
    const { cookie, account } = await t.register();
    await approve(t, account.id);
    const res = await createApp(cookie, {
      name: 'Mine',
      industry: 'retail',
      ownerId: victim.accountId,
      owner_id: victim.accountId,
      appId: victim.creds.appId,
      state: 'disabled',
      appKey: 'chosen-by-client',
    });
    expect(res.statusCode).toBe(201);
    const { app, key } = res.json();
    expect(app.appId).not.toBe(victim.creds.appId);
    expect(key.appKey).not.toBe('chosen-by-client');
    expect(key.state).toBe('active');
    const owner = await t.db.query<{ owner_id: string }>('SELECT owner_id FROM apps WHERE app_id = $1', [app.appId]);
    expect(owner.rows[0]!.owner_id).toBe(account.id);
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/apps/${app.appId}`,
      body: { name: 'Renamed', appId: victim.creds.appId, ownerId: victim.accountId },
      cookie,
    });
    expect(patched.json()).toMatchObject({ appId: app.appId, name: 'Renamed' });
    const victimApp = await t.request({ url: `/api/v1/apps/${victim.creds.appId}`, cookie: victim.cookie });
    expect(victimApp.json().name).toBe('Test app');
  });

  it('lists, edits and deletes own apps; a deleted app’s key stops working', async () => {
    const dev = await developer(t);
    const second = (await createApp(dev.cookie, { name: 'Second', industry: 'education' })).json().app;
    const list = (await t.request({ url: '/api/v1/apps', cookie: dev.cookie })).json().apps;
    expect(list.map((a: { appId: string }) => a.appId).sort()).toEqual([dev.creds.appId, second.appId].sort());
    const edited = await t.request({
      method: 'PATCH',
      url: `/api/v1/apps/${second.appId}`,
      body: { industry: 'healthcare', description: 'Wards' },
      cookie: dev.cookie,
    });
    expect(edited.json()).toMatchObject({ name: 'Second', industry: 'healthcare', description: 'Wards' });
    const empty = await t.request({
      method: 'PATCH',
      url: `/api/v1/apps/${second.appId}`,
      body: {},
      cookie: dev.cookie,
    });
    expect(empty.json().code).toBe('request.invalid');

    expect((await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);
    const del = await t.request({ method: 'DELETE', url: `/api/v1/apps/${dev.creds.appId}`, cookie: dev.cookie });
    expect(del.statusCode).toBe(204);
    expect((await t.request({ url: `/api/v1/apps/${dev.creds.appId}`, cookie: dev.cookie })).json().code).toBe(
      'app.not_found',
    );
    const after = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('open_api.key_invalid');
  });
});

describe('keys', () => {
  it('allows at most 5 active keys per app (409 app.key_limit); a disabled one frees a place', async () => {
    const dev = await developer(t);
    const url = `/api/v1/apps/${dev.creds.appId}/keys`;
    for (let i = 0; i < 4; i += 1)
      expect((await t.request({ method: 'POST', url, cookie: dev.cookie })).statusCode).toBe(201);
    const sixth = await t.request({ method: 'POST', url, cookie: dev.cookie });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().code).toBe('app.key_limit');
    const disabled = await t.request({ method: 'POST', url: `${url}/${dev.creds.keyId}/disable`, cookie: dev.cookie });
    expect(disabled.json()).toMatchObject({ keyId: dev.creds.keyId, state: 'disabled' });
    expect((await t.request({ method: 'POST', url, cookie: dev.cookie })).statusCode).toBe(201);
    // Enabling would make six active.
    const enable = await t.request({ method: 'POST', url: `${url}/${dev.creds.keyId}/enable`, cookie: dev.cookie });
    expect(enable.json().code).toBe('app.key_limit');
  });

  it('concurrent additions cannot pass 5 active keys', async () => {
    const dev = await developer(t);
    const url = `/api/v1/apps/${dev.creds.appId}/keys`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.request({ method: 'POST', url, cookie: dev.cookie })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'app.key_limit')).toBe(true);
  });

  it('key changes are audit-logged (created, disabled, enabled, deleted)', async () => {
    const dev = await developer(t);
    const url = `/api/v1/apps/${dev.creds.appId}/keys/${dev.creds.keyId}`;
    await t.request({ method: 'POST', url: `${url}/disable`, cookie: dev.cookie });
    await t.request({ method: 'POST', url: `${url}/enable`, cookie: dev.cookie });
    await t.request({ method: 'DELETE', url, cookie: dev.cookie });
    const { rows } = await t.db.query<{ event: string; details: { keyId?: string } }>(
      `SELECT event, details FROM audit_events WHERE account_id = $1 AND event LIKE 'app_key.%' ORDER BY id`,
      [dev.accountId],
    );
    expect(rows.map((r) => r.event)).toEqual([
      'app_key.created',
      'app_key.disabled',
      'app_key.enabled',
      'app_key.deleted',
    ]);
    expect(rows.every((r) => r.details.keyId === dev.creds.keyId)).toBe(true);
  });
});
