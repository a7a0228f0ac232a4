import { randomBytes } from 'node:crypto';
import { signRequest, type SignInput } from '../../clients/open-api-signing/client.js';
import type { TestApp } from './harness.js';

/**
 * Makes an account's certification approved straight in the database (the certification flow is
 * tested on its own): a submission, a pending row at version 1, then the approved transition.
 */
export async function approve(t: TestApp, accountId: string, type: 'personal' | 'enterprise' = 'personal') {
  await setCertification(t, accountId, type, 'approved');
}

/** A certification left pending (or rejected): not allowed to create apps yet. */
export async function setCertification(
  t: TestApp,
  accountId: string,
  type: 'personal' | 'enterprise',
  state: 'pending' | 'approved' | 'rejected',
) {
  const now = t.clock.now();
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO certification_submissions (account_id, type, fields, identity_encrypted, identity_masked, file_ids,
       consent_version, consented_at, submitted_at, deadline)
     VALUES ($1, $2, '{}'::jsonb, 'test', '****', '{}'::uuid[], 'v1', $3, $3, $4) RETURNING id`,
    [accountId, type, now, '2026-03-05'],
  );
  await t.db.query(
    `INSERT INTO certifications (account_id, type, state, version, current_submission_id, identity_hmac, submitted_at, deadline)
     VALUES ($1, $2, 'pending', 1, $3, $4, $5, $6)`,
    [accountId, type, rows[0]!.id, randomBytes(32), now, '2026-03-05'],
  );
  if (state === 'pending') return;
  await t.db.query(
    `UPDATE certifications SET state = $2, version = 2, decided_at = $3, reject_reason = $4 WHERE account_id = $1`,
    [accountId, state, now, state === 'rejected' ? 'blurry photo' : null],
  );
}

export interface Credentials {
  appId: string;
  keyId: string;
  appKey: string;
}

export interface Developer {
  cookie: string;
  accountId: string;
  creds: Credentials;
}

/** A signed-up, approved developer with one app and its first key. */
export async function developer(t: TestApp, type: 'personal' | 'enterprise' = 'personal'): Promise<Developer> {
  const { cookie, account } = await t.register();
  await approve(t, account.id, type);
  const res = await t.request({ url: '/api/v1/apps', body: { name: 'Test app', industry: 'smart_home' }, cookie });
  if (res.statusCode !== 201) throw new Error(`app creation failed: ${res.body}`);
  const { app, key } = res.json<{ app: { appId: string }; key: { keyId: string; appKey: string } }>();
  return { cookie, accountId: account.id, creds: { appId: app.appId, keyId: key.keyId, appKey: key.appKey } };
}

export type SignOptions = Omit<SignInput, keyof Credentials | 'now'> & { now?: Date };

/** Sends one request signed with the credentials at the test clock's time (no Origin: a server-side caller). */
export async function callOpen(t: TestApp, creds: Credentials, o: SignOptions) {
  const signed = signRequest({ ...creds, now: t.clock.now(), ...o });
  return send(t, signed);
}

export function send(t: TestApp, signed: ReturnType<typeof signRequest>) {
  return t.request({
    method: signed.method as 'GET' | 'POST' | 'DELETE',
    url: signed.url,
    headers: signed.headers,
    origin: null,
    ...(signed.body === undefined ? {} : { body: signed.body.toString() }),
  });
}

let counter = 0;
/** A device ID no other test uses. */
export function deviceId(prefix = 'dev'): string {
  counter += 1;
  return `${prefix}-${randomBytes(4).toString('hex')}-${counter}`;
}

export const device = (id = deviceId()) => ({ deviceId: id, model: 'TH-100', name: `Sensor ${id}` });

/** Registers `total` devices as gateways of at most 100 (1 + 99 sub-devices). */
export async function fill(t: TestApp, creds: Credentials, total: number) {
  let left = total;
  while (left > 0) {
    const size = Math.min(left, 100);
    const body =
      size === 1
        ? device()
        : { gateway: device(deviceId('gw')), subDevices: Array.from({ length: size - 1 }, () => device()) };
    const res = await callOpen(t, creds, {
      method: 'POST',
      path: size === 1 ? '/open/v1/devices' : '/open/v1/gateways',
      body,
    });
    if (res.statusCode !== 201) throw new Error(`fill failed: ${res.body}`);
    left -= size;
  }
}
