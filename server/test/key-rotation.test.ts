import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../clients/open-api-signing/client.js';
import { buildApp } from '../src/app.js';
import { rotateKeys } from '../src/platform/rotate-keys.js';
import { SEALED_COLUMNS } from '../src/platform/sealed-columns.js';
import { createVault } from '../src/platform/vault.js';
import { developer, type Credentials } from './apps-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const NEW_KEY = Buffer.alloc(32, 5);

/** The same database served with only the new data key configured: the old key removed. */
async function serverWithOnlyNewKey(logs: string[]) {
  const { app } = await buildApp({
    config: { ...t.config, dataKeys: new Map([['k2', NEW_KEY]]), dataKeyId: 'k2', logLevel: 'error' },
    db: t.db,
    redis: null,
    clock: t.clock,
    logStream: { write: (line: string) => void logs.push(line) },
  });
  await app.ready();
  return app;
}

const listDevices = (app: Awaited<ReturnType<typeof serverWithOnlyNewKey>>, creds: Credentials) => {
  const signed = signRequest({ ...creds, now: t.clock.now(), method: 'GET', path: '/open/v1/devices' });
  return app.inject({ method: 'GET', url: signed.url, headers: signed.headers });
};

describe('SECURITY 35: key rotation covers every sealed column', () => {
  it('the registry names certification identities, uploads, TOTP secrets and AppKeys', () => {
    expect(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`)).toEqual(
      expect.arrayContaining([
        'certification_submissions.identity_encrypted',
        'uploads.envelope',
        'accounts.totp_secret',
        'app_keys.secret_sealed',
      ]),
    );
  });

  it('an app key sealed with a removed data key is a coded error with a log line, and works again after rotation', async () => {
    const dev = await developer(t);
    // The helper's certification row holds a placeholder; seal a real value like a submission does.
    const oldVault = createVault(t.config.dataKeys, t.config.dataKeyId);
    await t.db.query('UPDATE certification_submissions SET identity_encrypted = $2 WHERE account_id = $1', [
      dev.accountId,
      oldVault.seal('110101199003070011'),
    ]);

    const logs: string[] = [];
    const onlyNew = await serverWithOnlyNewKey(logs);
    try {
      // Removed before rotating: refused with a code, never a bare 500, and the operator is told why.
      const early = await listDevices(onlyNew, dev.creds);
      expect(early.statusCode).toBe(500);
      expect(early.json().code).toBe('data_key.missing');
      const messages = logs.map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toContainEqual(expect.stringMatching(/data key "local" is not in DATA_KEYS.*rotate-keys/));

      const both = new Map([...t.config.dataKeys, ['k2', NEW_KEY]]);
      const counts = await rotateKeys(t.db, createVault(both, 'k2'));
      expect(counts.appKeys).toBeGreaterThanOrEqual(1);
      expect(counts.identities).toBeGreaterThanOrEqual(1);

      // The old key is gone; the app's signed call succeeds with the re-sealed AppKey.
      const res = await listDevices(onlyNew, dev.creds);
      expect(res.statusCode, res.body).toBe(200);
      expect(await rotateKeys(t.db, createVault(new Map([['k2', NEW_KEY]]), 'k2'))).toEqual({
        identities: 0,
        uploads: 0,
        totpSecrets: 0,
        appKeys: 0,
        outboxParams: 0,
      });
    } finally {
      await onlyNew.close();
    }
  });
});
