import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateKeys } from '../src/platform/rotate-keys.js';
import { createVault } from '../src/platform/vault.js';
import {
  CREDIT_CODES,
  decide,
  enterpriseBody,
  ID_NUMBERS,
  newIdNumber,
  personalBody,
  staffSession,
  submit,
  upload,
  jpeg,
} from './certification-helpers.js';
import { GOOD_PASSWORD, randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let reviewer: Awaited<ReturnType<typeof staffSession>>;
beforeAll(async () => {
  t = await startTestApp();
  reviewer = await staffSession(t);
});
afterAll(() => t.close());

const view = async (cookie: string) => (await t.request({ url: '/api/v1/certification', cookie })).json();
const version = async (accountId: string) =>
  (await t.request({ url: `/api/v1/admin/certifications/${accountId}`, cookie: reviewer.cookie })).json()
    .version as number;

describe('information registration (信息登记)', () => {
  it('starts unsubmitted; an enterprise submission becomes pending with a deadline 3 working days out', async () => {
    const { cookie } = await t.register();
    expect((await view(cookie)).status).toEqual({
      type: null,
      state: 'unsubmitted',
      deadline: null,
      rejectReason: null,
    });
    // The test clock is Monday 2 March 2026, 17:00 in Beijing.
    const res = await submit(t, cookie, await enterpriseBody(t, cookie, { creditCode: CREDIT_CODES[0] }));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toEqual({
      type: 'enterprise',
      state: 'pending',
      deadline: '2026-03-05',
      rejectReason: null,
    });
    expect(res.json().current).toMatchObject({
      identityMasked: '913501********0Y43',
      fields: { companyName: '福州示例智能科技有限公司', contactPhone: '+8613800138000' },
    });
    const me = (await t.request({ url: '/api/v1/me', cookie })).json();
    expect(me.certification).toMatchObject({ type: 'enterprise', state: 'pending', deadline: '2026-03-05' });
    expect(me.entitlements).toBeNull();
  });

  it('a personal submission needs both ID photos and a valid ID number', async () => {
    const { cookie } = await t.register();
    const body = await personalBody(t, cookie, { idNumber: ID_NUMBERS[1] });
    expect((await submit(t, cookie, { ...body, idNumber: '110105194912310021' })).json().code).toBe(
      'certification.invalid_id_number',
    );
    expect((await submit(t, cookie, { ...body, idBackFileId: undefined })).json().code).toBe('request.invalid');
    const ok = await submit(t, cookie, body);
    expect(ok.json().status.state).toBe('pending');
    expect(ok.json().current.identityMasked).toBe('440524********0014');
  });

  it('refuses a bad credit code, missing consent and too-short names with coded errors', async () => {
    const { cookie } = await t.register();
    const body = await enterpriseBody(t, cookie);
    expect((await submit(t, cookie, { ...body, creditCode: '91350100M000100Y44' })).json().code).toBe(
      'certification.invalid_credit_code',
    );
    expect((await submit(t, cookie, { ...body, consent: false })).json()).toMatchObject({
      code: 'request.invalid',
      details: { field: 'body.consent' },
    });
    expect((await submit(t, cookie, { ...body, companyName: 'A' })).json()).toMatchObject({
      code: 'request.invalid',
      details: { field: 'body.companyName' },
    });
    expect((await view(cookie)).status.state).toBe('unsubmitted');
  });

  it('SECURITY 35: the ID number is stored encrypted with an HMAC for uniqueness, masked in every response; consent recorded', async () => {
    const { cookie, account } = await t.register();
    const res = await submit(t, cookie, await personalBody(t, cookie, { idNumber: ID_NUMBERS[0] }));
    expect(res.body).not.toContain(ID_NUMBERS[0]);
    const { rows } = await t.db.query<{ row: string; consent_version: string; consented_at: Date }>(
      `SELECT row_to_json(s)::text AS row, consent_version, consented_at FROM certification_submissions s WHERE account_id = $1`,
      [account.id],
    );
    expect(rows[0]!.row).not.toContain(ID_NUMBERS[0]);
    expect(rows[0]!.consent_version).toBe('2026-11-v1');
    expect(rows[0]!.consented_at.toISOString()).toBe(t.clock.now().toISOString());
    const cert = await t.db.query<{ identity_hmac: Buffer }>(
      'SELECT identity_hmac FROM certifications WHERE account_id = $1',
      [account.id],
    );
    expect(Buffer.from(cert.rows[0]!.identity_hmac)).toHaveLength(32);
  });

  it('issue 14 finding 4: an ID number another account holds is accepted as pending (no identity oracle)', async () => {
    const a = await t.register();
    const b = await t.register();
    let idNumber = newIdNumber();
    while (!idNumber.endsWith('X')) idNumber = newIdNumber();
    expect((await submit(t, a.cookie, await personalBody(t, a.cookie, { idNumber }))).statusCode).toBe(200);
    const dup = await submit(t, b.cookie, await personalBody(t, b.cookie, { idNumber: idNumber.toLowerCase() }));
    expect(dup.statusCode).toBe(200);
    expect(dup.json().status.state).toBe('pending');
  });
});

describe('SECURITY 31: the state machine', () => {
  it('pending → pending (edit): history kept, deadline recomputed', async () => {
    const { cookie: first, contact } = await t.register();
    const body = await enterpriseBody(t, first);
    await submit(t, first, body);
    t.clock.advance(2 * 86_400); // Wednesday: every session has idled out, so log in again
    const login = await t.request({
      url: '/api/v1/sessions',
      body: { identifier: contact, password: GOOD_PASSWORD },
      ip: randomIp(),
    });
    const cookie = t.sessionCookie(login)!;
    reviewer = await staffSession(t);
    const edited = await submit(t, cookie, { ...body, companyName: '北京示例物联网有限公司' });
    expect(edited.json().status.state).toBe('pending');
    expect(edited.json().history).toHaveLength(2);
    expect(edited.json().status.deadline).toBe('2026-03-09');
    expect(edited.json().history[1].deadline).toBe('2026-03-05');
  });

  it('pending → rejected (with reason) → pending (resubmit) → approved → immutable (409), files and type included', async () => {
    const { cookie, account } = await t.register();
    const body = await personalBody(t, cookie);
    const first = await submit(t, cookie, body);
    expect(first.statusCode, first.body).toBe(200);
    const noReason = await decide(t, reviewer.cookie, account.id, {
      version: await version(account.id),
      decision: 'rejected',
    });
    expect(noReason.json()).toMatchObject({ code: 'request.invalid', details: { field: 'body.reason' } });
    const tooLong = await decide(t, reviewer.cookie, account.id, {
      version: await version(account.id),
      decision: 'rejected',
      reason: 'x'.repeat(257),
    });
    expect(tooLong.json().code).toBe('request.invalid');
    const reason = '<b>身份证照片不清晰</b>';
    expect(
      (
        await decide(t, reviewer.cookie, account.id, {
          version: await version(account.id),
          decision: 'rejected',
          reason,
        })
      ).statusCode,
    ).toBe(200);
    expect((await view(cookie)).status).toMatchObject({ state: 'rejected', rejectReason: reason });
    expect((await submit(t, cookie, body)).json().status.state).toBe('pending');
    expect(
      (await decide(t, reviewer.cookie, account.id, { version: await version(account.id), decision: 'approved' }))
        .statusCode,
    ).toBe(200);
    const approved = await view(cookie);
    expect(approved.status.state).toBe('approved');
    expect(approved.entitlements).toEqual({ deviceCap: 300, support7x24: false, consulting1v1: false });
    const again = await submit(t, cookie, await enterpriseBody(t, cookie));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('certification.immutable');
    // And the database refuses it even without the service.
    await expect(
      t.db.query(`UPDATE certifications SET type = 'enterprise', version = version + 1 WHERE account_id = $1`, [
        account.id,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(t.db.query('DELETE FROM certifications WHERE account_id = $1', [account.id])).rejects.toThrow(
      /immutable/,
    );
    const me = (await t.request({ url: '/api/v1/me', cookie })).json();
    expect(me).toMatchObject({
      certification: { type: 'personal', state: 'approved' },
      entitlements: { deviceCap: 300 },
    });
  });

  it('the database refuses transitions outside the table', async () => {
    const { cookie, account } = await t.register();
    expect((await submit(t, cookie, await enterpriseBody(t, cookie))).statusCode).toBe(200);
    const update = (set: string) => t.db.query(`UPDATE certifications SET ${set} WHERE account_id = $1`, [account.id]);
    await expect(update(`state = 'rejected', version = version + 1`)).rejects.toThrow(); // rejected needs a reason
    await expect(update(`state = 'approved'`)).rejects.toThrow(/version/); // version must grow
    await update(`state = 'rejected', reject_reason = 'r', version = version + 1`);
    await expect(update(`state = 'approved', reject_reason = NULL, version = version + 1`)).rejects.toThrow(
      /not allowed/,
    ); // rejected → approved
    await expect(
      t.db.query(
        `INSERT INTO certifications (account_id, type, state, version, current_submission_id, identity_hmac, submitted_at, deadline)
                  VALUES ($1, 'personal', 'approved', 1, gen_random_uuid(), '\\x00', now(), now())`,
        [account.id],
      ),
    ).rejects.toThrow();
  });

  it('SECURITY 29: clients cannot set state, type after approval, reviewer or version', async () => {
    const { cookie } = await t.register();
    const body = {
      ...(await enterpriseBody(t, cookie)),
      state: 'approved',
      decidedBy: reviewer.id,
      version: 99,
      reviewer: reviewer.id,
    };
    const res = await submit(t, cookie, body);
    expect(res.json().status.state).toBe('pending');
  });
});

describe('SECURITY 27: object-level access', () => {
  it('another developer’s file cannot be used or read (404)', async () => {
    const alice = await t.register();
    const bob = await t.register();
    const file = (await upload(t, alice.cookie, 'business_licence', await jpeg())).json().id as string;
    expect((await t.request({ url: `/api/v1/certification/files/${file}`, cookie: bob.cookie })).statusCode).toBe(404);
    expect((await t.request({ url: `/api/v1/certification/files/${file}`, cookie: alice.cookie })).statusCode).toBe(
      200,
    );
    const res = await submit(t, bob.cookie, await enterpriseBody(t, bob.cookie, { businessLicenceFileId: file }));
    expect(res.statusCode).toBe(404);
  });

  it('a file of the wrong kind is refused', async () => {
    const { cookie } = await t.register();
    const front = (await upload(t, cookie, 'id_front', await jpeg())).json().id as string;
    expect(
      (await submit(t, cookie, await enterpriseBody(t, cookie, { businessLicenceFileId: front }))).json().code,
    ).toBe('request.invalid');
  });
});

describe('SECURITY 35: key rotation', () => {
  it('re-encrypts identities, files and TOTP secrets with the new key; old data stays readable meanwhile', async () => {
    const { cookie, account } = await t.register();
    expect((await submit(t, cookie, await personalBody(t, cookie))).statusCode).toBe(200);
    const oldKeys = t.config.dataKeys;
    const newKey = Buffer.alloc(32, 9);
    const keys = new Map([...oldKeys, ['k2', newKey]]);
    const rotated = await rotateKeys(t.db, createVault(keys, 'k2'));
    expect(rotated.uploads).toBeGreaterThan(0);
    expect(rotated.identities).toBeGreaterThan(0);
    expect(rotated.totpSecrets).toBeGreaterThan(0);
    const { rows } = await t.db.query<{ identity_encrypted: string }>(
      'SELECT identity_encrypted FROM certification_submissions WHERE account_id = $1',
      [account.id],
    );
    expect(rows[0]!.identity_encrypted.startsWith('k2:')).toBe(true);
    // Only the new key is needed now.
    const onlyNew = createVault(new Map([['k2', newKey]]), 'k2');
    expect(onlyNew.open(rows[0]!.identity_encrypted)).toMatch(/^\d{17}[\dX]$/);
    expect(await rotateKeys(t.db, onlyNew)).toEqual({
      identities: 0,
      uploads: 0,
      totpSecrets: 0,
      appKeys: 0,
      outboxParams: 0,
    });
  });
});
