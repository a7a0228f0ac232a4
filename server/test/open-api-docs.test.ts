import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalString, signCanonical, signRequest } from '../../clients/open-api-signing/client.js';
import { createVault } from '../src/platform/vault.js';
import { approve } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/open-api.md'), 'utf8');
const creds = {
  appId: 'app_mfrggzdfmztwq2lk',
  keyId: 'key_nnsxsylvojzxi5lw',
  appKey: 'q5VnSbKzXr4V1m0cQp7lT2dYh8uJ3wEfA9kG6oNxZsM',
};
const body = '{"deviceId":"th-0001","model":"TH-100","name":"Room 301"}';
const timestamp = 1772442000; // 2026-03-02T09:00:00Z

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('SECURITY 37: the worked example in docs/open-api.md', () => {
  it('the documented body hash, canonical string and signatures are what the helper computes', () => {
    const signed = signRequest({
      ...creds,
      method: 'POST',
      path: '/open/v1/devices',
      body,
      now: new Date(timestamp * 1000),
      nonce: '7f3c2a9e4b1d4c8fa0e6b5d3c2a1f9e8',
    });
    expect(signed.headers['x-signature']).toBe('e5fee29e010f58b093ea3e7796964265470cdd356a6faf2819e7b8a58b194c0f');
    expect(doc).toContain(signed.headers['x-signature']);
    expect(doc).toContain(
      signed.canonical
        .split('\n')
        .map((l) => (l ? `   ${l}` : ''))
        .join('\n'),
    );
    const query = canonicalString({
      method: 'GET',
      path: '/open/v1/devices',
      rawQuery: 'pageSize=20&page=2',
      body: Buffer.alloc(0),
      appId: creds.appId,
      keyId: creds.keyId,
      nonce: 'b2d4f6a8c0e1f3a5b7c9d1e3f5a7b9c1',
      timestamp: String(timestamp),
    });
    expect(doc).toContain(`\n${query}\n`);
    expect(signCanonical(creds.appKey, query)).toBe('6d07cbd257a85bf37239011b6b7c341f1a5f61d8e7d503b79c4434594aa0c251');
    expect(doc).toContain('6d07cbd257a85bf37239011b6b7c341f1a5f61d8e7d503b79c4434594aa0c251');
  });

  it('the server accepts the documented request byte for byte', async () => {
    expect(Math.floor(t.clock.now().getTime() / 1000)).toBe(timestamp);
    const { account } = await t.register();
    await approve(t, account.id);
    const vault = createVault(t.config.dataKeys, t.config.dataKeyId);
    await t.db.query(
      `INSERT INTO apps (app_id, owner_id, name, industry, created_at, updated_at) VALUES ($1, $2, 'Doc', 'other', $3, $3)`,
      [creds.appId, account.id, t.clock.now()],
    );
    await t.db.query(
      `INSERT INTO app_keys (key_id, app_id, secret_sealed, state, created_at) VALUES ($1, $2, $3, 'active', $4)`,
      [creds.keyId, creds.appId, vault.seal(creds.appKey), t.clock.now()],
    );
    const res = await t.request({
      method: 'POST',
      url: '/open/v1/devices',
      origin: null,
      body,
      headers: {
        'content-type': 'application/json',
        'x-app-id': creds.appId,
        'x-key-id': creds.keyId,
        'x-nonce': '7f3c2a9e4b1d4c8fa0e6b5d3c2a1f9e8',
        'x-timestamp': String(timestamp),
        'x-signature': 'e5fee29e010f58b093ea3e7796964265470cdd356a6faf2819e7b8a58b194c0f',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ deviceId: 'th-0001', model: 'TH-100', name: 'Room 301', kind: 'device' });
    // The same body re-serialised with a space no longer matches its signature: bytes are signed.
    const spaced = await t.request({
      method: 'POST',
      url: '/open/v1/devices',
      origin: null,
      body: body.replace(':', ': '),
      headers: {
        'content-type': 'application/json',
        'x-app-id': creds.appId,
        'x-key-id': creds.keyId,
        'x-nonce': '7f3c2a9e4b1d4c8fa0e6b5d3c2a1f9e8', // checked after the signature
        'x-timestamp': String(timestamp),
        'x-signature': 'e5fee29e010f58b093ea3e7796964265470cdd356a6faf2819e7b8a58b194c0f',
      },
    });
    expect(spaced.json().code).toBe('open_api.signature_invalid');
  });
});
