import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETION_COOLING_OFF_DAYS } from '../src/flows/account-deletion/service.js';
import type { Queryable } from '../src/platform/db/index.js';
import { callOpen, developer } from './apps-helpers.js';
import { decide, newIdNumber, personalBody, staffSession, submit, totpCode } from './certification-helpers.js';
import { GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const DAY = 86_400;
const post = (url: string, body: object, cookie?: string) => t.request({ url, body, cookie, ip: randomIp() });
const logIn = (identifier: string, password = GOOD_PASSWORD) => post('/api/v1/sessions', { identifier, password });
const me = (cookie: string) => t.request({ url: '/api/v1/me', cookie });

/** The deletion code of the account's contact (the send cooldown of the sign-up code waited out first). */
async function deletionCode(cookie: string, contact: string, channel?: 'sms' | 'email') {
  t.clock.advance(61);
  const sent = await post('/api/v1/me/deletion/code', channel ? { channel } : {}, cookie);
  expect(sent.statusCode).toBe(202);
  return { sent: sent.json<{ channel: string; sentTo: string }>(), code: (await t.latestCode(contact))! };
}

async function requestDeletion(dev: { cookie: string; contact: string; username: string }, extra: object = {}) {
  const { code } = await deletionCode(dev.cookie, dev.contact);
  const res = await post(
    '/api/v1/me/deletion',
    { username: dev.username, password: GOOD_PASSWORD, code, ...extra },
    dev.cookie,
  );
  expect(res.statusCode).toBe(202);
  return res.json<{ eraseAfter: string }>();
}

const events = async (accountId: string) =>
  (
    await t.db.query<{ event: string; outcome: string; actor: string; details: Record<string, unknown> }>(
      'SELECT event, outcome, actor, details FROM audit_events WHERE account_id = $1 ORDER BY id',
      [accountId],
    )
  ).rows;

const statusOf = async (accountId: string) =>
  (await t.db.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [accountId])).rows[0]?.status;

/** A name no other account of this file has (real-name rules: Chinese characters). */
const uniqueRealName = () => {
  const chars = '云海星辰明月清风松竹梅兰山川';
  return `欧阳${chars[randomInt(chars.length)]}${chars[randomInt(chars.length)]}${chars[randomInt(chars.length)]}`;
};

/** Binds an email to a phone-registered account through the contact-change flow (codes to both). */
async function bindEmail(cookie: string, phone: string) {
  t.clock.advance(61);
  expect((await post('/api/v1/me/contact-changes/email/current-code', {}, cookie)).statusCode).toBe(202);
  const ticket = (
    await post('/api/v1/me/contact-changes/email/tickets', { code: await t.latestCode(phone) }, cookie)
  ).json<{ ticket: string }>().ticket;
  const email = uniqueEmail();
  expect((await post('/api/v1/me/contact-changes/email/new-code', { ticket, to: email }, cookie)).statusCode).toBe(202);
  const done = await post(
    '/api/v1/me/contact-changes/email/complete',
    { ticket, code: await t.latestCode(email) },
    cookie,
  );
  expect(done.statusCode).toBe(200);
  return email;
}

/** A developer certified through the real flow (uploads, real name, ID number, an approval). */
async function certified(staffCookie: string, idNumber = newIdNumber()) {
  const dev = await t.register();
  const realName = uniqueRealName();
  const contactPhone = uniquePhone();
  const body = await personalBody(t, dev.cookie, { idNumber, realName, contactPhone });
  expect((await submit(t, dev.cookie, body)).statusCode).toBe(200);
  const detail = (
    await t.request({ url: `/api/v1/admin/certifications/${dev.account.id}`, cookie: staffCookie })
  ).json();
  const approved = await decide(t, staffCookie, dev.account.id, { version: detail.version, decision: 'approved' });
  expect(approved.statusCode).toBe(200);
  return { ...dev, username: dev.account.username, idNumber, realName, contactPhone };
}

/**
 * Every text, character, json(b), array, uuid and bytea column of every table (partitions
 * included), read from information_schema: which of them still hold `needle`.
 */
async function holders(q: Queryable, needle: string): Promise<string[]> {
  const { rows: columns } = await q.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c JOIN information_schema.tables tb
         ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'uuid', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(40);
  const found: string[] = [];
  for (const c of columns) {
    const column = `"${c.column_name.replaceAll('"', '""')}"`;
    const table = `"${c.table_name.replaceAll('"', '""')}"`;
    const where =
      c.data_type === 'bytea' ? `position(convert_to($1, 'UTF8') IN ${column}) > 0` : `strpos(${column}::text, $1) > 0`;
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [needle]);
    if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

/** Whether any bytea column holds exactly these bytes (the identity HMAC). */
async function bytesHolders(bytes: Buffer): Promise<string[]> {
  const { rows: columns } = await t.db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type = 'bytea'`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}" = $1`,
      [bytes],
    );
    if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

describe('PIPL Art. 47: a deletion request needs every factor', () => {
  it('username, password, second factor and contact code are each refused with their own code; then the account is deactivated at once', async () => {
    const dev = await t.register();
    const username = dev.account.username;
    // TOTP on: the request needs its code too.
    const setup = (await post('/api/v1/me/totp/setup', {}, dev.cookie)).json<{ secret: string }>();
    expect((await post('/api/v1/me/totp/confirm', { code: totpCode(t, setup.secret) }, dev.cookie)).statusCode).toBe(
      200,
    );
    t.clock.advance(30);

    const { sent, code } = await deletionCode(dev.cookie, dev.contact);
    expect(sent.channel).toBe('sms');
    expect(sent.sentTo).not.toContain(dev.contact.slice(-8, -4));
    expect((await t.outbox(dev.contact))[0]!.text).toMatch(/注销账号/);
    const all = { username, password: GOOD_PASSWORD, code, totpCode: totpCode(t, setup.secret) };
    const attempt = (body: object) => post('/api/v1/me/deletion', body, dev.cookie);

    const refusals: [object, number, string][] = [
      [{ ...all, username: username.toUpperCase() }, 400, 'deletion.username_mismatch'],
      [{ ...all, username: ` ${username}` }, 400, 'deletion.username_mismatch'],
      [{ ...all, password: 'not-the-password-1' }, 400, 'password.current_incorrect'],
      [{ ...all, totpCode: undefined }, 400, 'deletion.second_factor_required'],
      [{ ...all, totpCode: '000000' }, 400, 'mfa.code_invalid'],
      [{ ...all, code: code === '000000' ? '111111' : '000000' }, 400, 'verification_code.invalid'],
      [{ ...all, code: undefined }, 400, 'request.invalid'],
      [{ ...all, password: undefined }, 400, 'request.invalid'],
      [{ ...all, username: undefined }, 400, 'request.invalid'],
    ];
    for (const [body, status, errorCode] of refusals) {
      const res = await attempt(body);
      expect(res.statusCode, errorCode).toBe(status);
      expect(res.json().code).toBe(errorCode);
      // Nothing happened: still active and signed in.
      expect(await statusOf(dev.account.id)).toBe('active');
      expect((await me(dev.cookie)).statusCode).toBe(200);
    }
    const failures = (await events(dev.account.id)).filter(
      (e) => e.event === 'account.deletion_requested' && e.outcome === 'failure',
    );
    expect(failures.map((e) => e.details.reason)).toEqual([
      'username',
      'username',
      'password',
      'second_factor_missing',
      'second_factor',
      'code',
    ]);

    // Staff may not use it; the developer route refuses them.
    const staff = await staffSession(t);
    expect((await post('/api/v1/me/deletion', all, staff.cookie)).json().code).toBe('auth.forbidden');

    // The wrong contact code above came with a right TOTP code, which is now used: a later step's.
    t.clock.advance(30);
    const ok = await attempt({ ...all, totpCode: totpCode(t, setup.secret) });
    expect(ok.statusCode, ok.body).toBe(202);
    const eraseAfter = ok.json<{ eraseAfter: string }>().eraseAfter;
    expect(new Date(eraseAfter).getTime()).toBe(t.clock.now().getTime() + DELETION_COOLING_OFF_DAYS * DAY * 1000);
    expect(await statusOf(dev.account.id)).toBe('deleting');
    expect((await me(dev.cookie)).statusCode).toBe(401);
    // The code is used up.
    expect((await attempt(all)).statusCode).toBe(401);

    // Log-in: the password, then the second factor, then the pending state (never a session).
    t.clock.advance(30);
    const first = await logIn(dev.contact);
    expect(first.statusCode).toBe(202);
    const pendingToken = first.json<{ pendingToken: string }>().pendingToken;
    const second = await post('/api/v1/sessions/second-factor', { pendingToken, code: totpCode(t, setup.secret) });
    expect(second.statusCode).toBe(409);
    expect(t.sessionCookie(second)).toBeNull();
    expect(second.json().code).toBe('account.pending_deletion');
    expect(second.json().details.eraseAfter).toBe(eraseAfter);
    // Cancelling signs in at once (the TOTP step is not asked for twice).
    const cancelled = await post('/api/v1/account-deletion/cancel', { cancelToken: second.json().details.cancelToken });
    expect(cancelled.statusCode).toBe(200);
    expect((await me(t.sessionCookie(cancelled)!)).statusCode).toBe(200);
    expect(await statusOf(dev.account.id)).toBe('active');
  });
});

describe('PIPL Art. 47: the cooling-off deactivates at once, and a log-in can cancel it', () => {
  it('sessions end, apps and keys are refused, log-in answers the pending state; cancel restores everything', async () => {
    const dev = await developer(t);
    const account = (await me(dev.cookie)).json<{ username: string; phone: string }>();
    const other = t.sessionCookie(await logIn(account.phone))!;
    expect((await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);

    const { eraseAfter } = await requestDeletion({
      cookie: dev.cookie,
      contact: account.phone,
      username: account.username,
    });
    expect((await me(dev.cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
    const ended = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions WHERE account_id = $1 AND ended_at IS NULL`,
      [dev.accountId],
    );
    expect(ended.rows[0]!.n).toBe(0);
    const refused = await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('open_api.account_disabled');

    // A wrong password answers as ever (SECURITY 12); only the right one tells the state.
    const wrong = await logIn(account.phone, 'not-the-password-1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    const pending = await logIn(account.phone);
    expect(pending.statusCode).toBe(409);
    expect(t.sessionCookie(pending)).toBeNull();
    expect(pending.json().code).toBe('account.pending_deletion');
    expect(pending.json().details.eraseAfter).toBe(eraseAfter);
    expect(pending.json().message).toContain(eraseAfter);

    // Staff see it; a developer does not.
    const reviewer = await staffSession(t);
    const list = (await t.request({ url: '/api/v1/admin/deletions', cookie: reviewer.cookie })).json<{
      items: { accountId: string; username: string; phone: string; eraseAfter: string }[];
    }>().items;
    const item = list.find((i) => i.accountId === dev.accountId)!;
    expect(item).toMatchObject({ username: account.username, eraseAfter });
    expect(item.phone).not.toBe(account.phone);
    const anotherDev = await t.register();
    expect((await t.request({ url: '/api/v1/admin/deletions', cookie: anotherDev.cookie })).statusCode).toBe(403);

    // Cancel: a made-up ticket is refused; the real one restores and signs in, once.
    expect((await post('/api/v1/account-deletion/cancel', { cancelToken: 'x'.repeat(43) })).json().code).toBe(
      'ticket.invalid',
    );
    const cancelToken = pending.json().details.cancelToken as string;
    const cancelled = await post('/api/v1/account-deletion/cancel', { cancelToken });
    expect(cancelled.statusCode).toBe(200);
    const fresh = t.sessionCookie(cancelled)!;
    expect((await me(fresh)).json().id).toBe(dev.accountId);
    expect((await post('/api/v1/account-deletion/cancel', { cancelToken })).json().code).toBe('ticket.invalid');
    // Old sessions stay ended; apps and keys work again; the request is no longer listed.
    expect((await me(dev.cookie)).statusCode).toBe(401);
    expect((await callOpen(t, dev.creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(200);
    const after = (await t.request({ url: '/api/v1/admin/deletions', cookie: reviewer.cookie })).json().items;
    expect(after.some((i: { accountId: string }) => i.accountId === dev.accountId)).toBe(false);
    expect((await logIn(account.phone)).statusCode).toBe(200);
    const history = (await events(dev.accountId)).map((e) => `${e.event}:${e.outcome}`);
    expect(history).toEqual(
      expect.arrayContaining([
        'account.deletion_requested:success',
        'account.deletion_cancelled:success',
        'login:failure',
      ]),
    );

    // Long after the cooling-off would have ended, maintenance leaves a cancelled request alone.
    t.clock.advance((DELETION_COOLING_OFF_DAYS + 1) * DAY);
    expect((await t.container.maintenance.runOnce()).account_erasure).toBe(0);
    expect(await statusOf(dev.accountId)).toBe('active');
  });
});

describe('PIPL Art. 47: the final erase after the cooling-off', () => {
  it('erases every trace of the person, keeps the audit rows under a tombstone, frees the phone, email and identity', async () => {
    const staff = await staffSession(t, 'admin');
    const dev = await certified(staff.cookie);
    const email = await bindEmail(dev.cookie, dev.contact);
    const app = await post('/api/v1/apps', { name: 'Erase me', industry: 'smart_home' }, dev.cookie);
    expect(app.statusCode).toBe(201);
    const creds = {
      appId: app.json().app.appId as string,
      keyId: app.json().key.keyId as string,
      appKey: app.json().key.appKey as string,
    };
    const device = await callOpen(t, creds, {
      method: 'POST',
      path: '/open/v1/devices',
      body: { deviceId: `erase-${randomInt(1e9)}`, model: 'TH-100', name: 'Kitchen' },
    });
    expect(device.statusCode).toBe(201);
    const reveal = await post(`/api/v1/admin/certifications/${dev.account.id}/reveal`, {}, staff.cookie);
    expect(reveal.json().identity).toBe(dev.idNumber);
    const identityHmac = (
      await t.db.query<{ h: Buffer }>('SELECT identity_hmac AS h FROM certifications WHERE account_id = $1', [
        dev.account.id,
      ])
    ).rows[0]!.h;

    // Before: the person is everywhere one would expect.
    expect(await holders(t.db, dev.contact)).toContain('accounts.phone');
    expect(await holders(t.db, dev.realName)).toContain('certification_submissions.fields');

    await requestDeletion({ cookie: dev.cookie, contact: dev.contact, username: dev.username }, { channel: 'sms' });
    const tombstone = (
      await t.db.query<{ id: string }>(`SELECT id FROM account_deletions WHERE account_id = $1 AND state = 'pending'`, [
        dev.account.id,
      ])
    ).rows[0]!.id;

    // One minute before the end of the cooling-off: nothing is erased.
    t.clock.advance(DELETION_COOLING_OFF_DAYS * DAY - 60);
    expect((await t.container.maintenance.runOnce()).account_erasure).toBe(0);
    expect(await statusOf(dev.account.id)).toBe('deleting');
    t.clock.advance(61);
    expect((await t.container.maintenance.runOnce()).account_erasure).toBe(1);

    // No table holds the phone, the email, the real name, the ID number, the certification's
    // contact phone, the account id or the identity HMAC.
    for (const needle of [dev.contact, email, dev.realName, dev.idNumber, dev.contactPhone, dev.account.id]) {
      expect(await holders(t.db, needle), needle).toEqual([]);
    }
    expect(await bytesHolders(identityHmac)).toEqual([]);
    for (const table of [
      'uploads',
      'certification_submissions',
      'apps',
      'app_keys',
      'devices',
      'sessions',
      'passkeys',
    ]) {
      const column =
        table === 'apps' || table === 'devices' ? 'owner_id' : table === 'app_keys' ? 'app_id' : 'account_id';
      const value = table === 'app_keys' ? creds.appId : dev.account.id;
      const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
        value,
      ]);
      expect(rows[0]!.n, table).toBe(0);
    }

    // The audit rows stay, under the tombstone, with the erase itself among them.
    const kept = await events(tombstone);
    expect(kept.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'account.registered',
        'email.changed',
        'certification.submitted',
        'certification.approved',
        'certification.revealed',
        'app.created',
        'account.deletion_requested',
        'account.erased',
      ]),
    );
    expect(kept.find((e) => e.event === 'account.erased')!.actor).toBe('system');
    const request = (
      await t.db.query<{ state: string; account_id: string | null; erased_by: string }>(
        'SELECT state, account_id, erased_by FROM account_deletions WHERE id = $1',
        [tombstone],
      )
    ).rows[0]!;
    expect(request).toEqual({ state: 'erased', account_id: null, erased_by: 'system' });

    // The old credentials lead nowhere; the key is gone.
    expect((await logIn(dev.contact)).json().code).toBe('auth.invalid_credentials');
    expect((await callOpen(t, creds, { method: 'GET', path: '/open/v1/devices' })).statusCode).toBe(401);

    // The phone and the email can register again, and the same person can certify the new account.
    const again = await t.register({ phone: dev.contact });
    expect(again.account.id).not.toBe(dev.account.id);
    const byEmail = await t.register({ email });
    expect(byEmail.account.id).not.toBe(dev.account.id);
    const body = await personalBody(t, again.cookie, { idNumber: dev.idNumber, realName: dev.realName });
    expect((await submit(t, again.cookie, body)).statusCode).toBe(200);
    // (The first staff session ended long ago: 15 days went by.)
    const reviewer = await staffSession(t);
    const detail = (
      await t.request({ url: `/api/v1/admin/certifications/${again.account.id}`, cookie: reviewer.cookie })
    ).json();
    expect(detail.conflict).toBeNull();
    expect(
      (await decide(t, reviewer.cookie, again.account.id, { version: detail.version, decision: 'approved' }))
        .statusCode,
    ).toBe(200);
  });

  it('the audit log stays append-only outside an erase, and an erase cannot touch what it did not declare', async () => {
    const dev = await t.register();
    const refused = (sql: string, params: unknown[] = []) =>
      expect(t.db.tx((q) => q.query(sql, params))).rejects.toThrow();
    await refused('UPDATE audit_events SET account_id = gen_random_uuid() WHERE account_id = $1', [dev.account.id]);
    await refused('DELETE FROM audit_events WHERE account_id = $1', [dev.account.id]);
    // Declared for another account: this one's rows still refuse.
    const declare = `SELECT set_config('devplat.erasing_account', gen_random_uuid()::text, true),
                            set_config('devplat.erasing_tombstone', gen_random_uuid()::text, true)`;
    await expect(
      t.db.tx(async (q) => {
        await q.query(declare);
        await q.query(
          "UPDATE audit_events SET account_id = current_setting('devplat.erasing_tombstone')::uuid WHERE account_id = $1",
          [dev.account.id],
        );
      }),
    ).rejects.toThrow(/append-only/);
    // Declared for this account: still no delete, and no other column may change.
    for (const sql of [
      'DELETE FROM audit_events WHERE account_id = $1',
      "UPDATE audit_events SET account_id = current_setting('devplat.erasing_tombstone')::uuid, event = 'logout' WHERE account_id = $1",
      "UPDATE audit_events SET account_id = current_setting('devplat.erasing_tombstone')::uuid, ip = '203.0.113.9' WHERE account_id = $1",
      `UPDATE audit_events SET account_id = current_setting('devplat.erasing_tombstone')::uuid, details = details || '{"x":1}' WHERE account_id = $1`,
    ]) {
      await expect(
        t.db.tx(async (q) => {
          await q.query(
            `SELECT set_config('devplat.erasing_account', $1, true), set_config('devplat.erasing_tombstone', gen_random_uuid()::text, true)`,
            [dev.account.id],
          );
          await q.query(sql, [dev.account.id]);
        }),
        sql,
      ).rejects.toThrow(/append-only/);
    }
    // The declaration ends with its transaction.
    await refused('UPDATE audit_events SET details = details WHERE account_id = $1', [dev.account.id]);
    expect((await events(dev.account.id)).length).toBeGreaterThan(0);
  });
});

describe('PIPL Art. 47: staff see pending deletions; admins erase a verified request at once', () => {
  it('reviewers list but may not erase; an admin erases now, audited with the tombstone; a second erase is 404', async () => {
    const dev = await t.register();
    // An email change left half-way: its code is bound to the account and went to an address that
    // never became a contact; the erase removes what was addressed to it too.
    t.clock.advance(61);
    expect((await post('/api/v1/me/contact-changes/email/current-code', {}, dev.cookie)).statusCode).toBe(202);
    const ticket = (
      await post('/api/v1/me/contact-changes/email/tickets', { code: await t.latestCode(dev.contact) }, dev.cookie)
    ).json<{ ticket: string }>().ticket;
    const pendingEmail = uniqueEmail();
    expect(
      (await post('/api/v1/me/contact-changes/email/new-code', { ticket, to: pendingEmail }, dev.cookie)).statusCode,
    ).toBe(202);
    await t.messenger.idle();
    expect(await holders(t.db, pendingEmail)).toEqual(
      expect.arrayContaining(['verification_codes.target', 'message_outbox.recipient']),
    );
    await requestDeletion({ cookie: dev.cookie, contact: dev.contact, username: dev.account.username });
    const reviewer = await staffSession(t);
    const admin = await staffSession(t, 'admin');
    const listed = (await t.request({ url: '/api/v1/admin/deletions', cookie: reviewer.cookie })).json().items as {
      id: string;
      accountId: string;
    }[];
    const item = listed.find((i) => i.accountId === dev.account.id)!;
    expect(item).toBeDefined();

    const byReviewer = await post(`/api/v1/admin/deletions/${item.id}/erase`, {}, reviewer.cookie);
    expect(byReviewer.statusCode).toBe(403);
    expect(await statusOf(dev.account.id)).toBe('deleting');
    const byDeveloper = await post(`/api/v1/admin/deletions/${item.id}/erase`, {}, (await t.register()).cookie);
    expect(byDeveloper.statusCode).toBe(403);

    const erased = await post(`/api/v1/admin/deletions/${item.id}/erase`, {}, admin.cookie);
    expect(erased.statusCode).toBe(204);
    expect(await statusOf(dev.account.id)).toBeUndefined();
    const audit = (await events(item.id)).find((e) => e.event === 'account.erased')!;
    expect(audit).toMatchObject({ outcome: 'success', actor: `staff:${admin.id}` });
    expect(await holders(t.db, dev.contact)).toEqual([]);
    expect(await holders(t.db, pendingEmail)).toEqual([]);
    expect((await post(`/api/v1/admin/deletions/${item.id}/erase`, {}, admin.cookie)).statusCode).toBe(404);
    const unknown = await post(`/api/v1/admin/deletions/${crypto.randomUUID()}/erase`, {}, admin.cookie);
    expect(unknown.json().code).toBe('request.not_found');
    // The erased account is no longer listed, and its phone registers again at once.
    const left = (await t.request({ url: '/api/v1/admin/deletions', cookie: reviewer.cookie })).json().items;
    expect(left.some((i: { id: string }) => i.id === item.id)).toBe(false);
    expect((await t.register({ phone: dev.contact })).account.id).not.toBe(dev.account.id);
  });
});
