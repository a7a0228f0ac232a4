import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_EXPORT_EVERY_SECONDS } from '../src/flows/data-export/service.js';
import { callOpen, deviceId } from './apps-helpers.js';
import { jpeg, pdf, personalBody, png, staffSession, submit, totpCode, upload } from './certification-helpers.js';
import { failedLogins, GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, type TestApp } from './harness.js';
import { unzip } from './zip.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (url: string, body: object, cookie: string) => t.request({ url, body, cookie, ip: randomIp() });
const start = (cookie: string, body: object = { password: GOOD_PASSWORD }) =>
  post('/api/v1/me/data-export', body, cookie);
const download = (cookie: string, ticket: string) =>
  t.request({ url: `/api/v1/me/data-export?ticket=${encodeURIComponent(ticket)}`, cookie });

/** Starts an export and downloads it: the response of the download. */
async function exportOf(cookie: string) {
  const started = await start(cookie);
  expect(started.statusCode).toBe(201);
  return download(cookie, started.json<{ ticket: string }>().ticket);
}

/** Moves the clock on in 10-minute steps, the session kept alive (idle timeout 30 minutes). */
async function wait(cookie: string, seconds: number) {
  for (let left = seconds; left > 0; left -= 600) {
    t.clock.advance(Math.min(600, left));
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(200);
  }
}

let size = 40;
/**
 * A developer with data in every part of the export: phone and email, a personal certification
 * (two images) made approved, an unattached PDF upload, an app with a key, a device.
 */
async function fullDeveloper() {
  const { cookie, contact: phone, account } = await t.register();
  const email = uniqueEmail();
  await t.db.query('UPDATE accounts SET email = $2 WHERE id = $1', [account.id, email]);
  // Images of their own size, so no two accounts' files are the same bytes.
  size += 2;
  const front = (await upload(t, cookie, 'id_front', await jpeg(size, size + 1))).json<{ id: string }>().id;
  const back = (await upload(t, cookie, 'id_back', await png(size + 1, size))).json<{ id: string }>().id;
  const body = await personalBody(t, cookie, { idFrontFileId: front, idBackFileId: back });
  expect((await submit(t, cookie, body)).statusCode).toBe(200);
  const licencePdf = pdf();
  const pdfUpload = (await upload(t, cookie, 'business_licence', licencePdf, 'licence.pdf', 'application/pdf')).json<{
    id: string;
  }>();
  await t.db.query(
    `UPDATE certifications SET state = 'approved', version = version + 1, decided_at = $2 WHERE account_id = $1`,
    [account.id, t.clock.now()],
  );
  const created = await t.request({
    url: '/api/v1/apps',
    body: { name: `App ${account.username}`, industry: 'smart_home' },
    cookie,
  });
  expect(created.statusCode).toBe(201);
  const { app, key } = created.json<{ app: { appId: string }; key: { keyId: string; appKey: string } }>();
  const id = deviceId();
  const made = await callOpen(
    t,
    { appId: app.appId, keyId: key.keyId, appKey: key.appKey },
    {
      method: 'POST',
      path: '/open/v1/devices',
      body: { deviceId: id, model: 'TH-100', name: `Sensor ${id}` },
    },
  );
  expect(made.statusCode).toBe(201);
  // What the server keeps of each image (re-encoded at upload, SECURITY 34): the owner's file route.
  const stored = new Map<string, Buffer>();
  for (const fileId of [body.idFrontFileId, body.idBackFileId]) {
    const file = await t.request({ url: `/api/v1/certification/files/${fileId}`, cookie });
    expect(file.statusCode).toBe(200);
    stored.set(fileId, file.rawPayload);
  }
  return {
    cookie,
    accountId: account.id,
    username: account.username,
    phone,
    email,
    idNumber: body.idNumber,
    realName: body.realName,
    images: stored,
    pdf: { id: pdfUpload.id, bytes: licencePdf },
    appId: app.appId,
    keyId: key.keyId,
    appKey: key.appKey,
    deviceId: id,
  };
}

interface ExportedData {
  account: { id: string; username: string; twoFactor: { totp: boolean } };
  contacts: { phone: string | null; email: string | null };
  sessions: { id: string; ip: string }[];
  securityHistory: { event: string; actor: string }[];
  certification: {
    current: { state: string };
    submissions: { identity: string; fields: Record<string, string>; files: { id: string; path: string }[] }[];
    files: { id: string; path: string; mime: string }[];
  };
  apps: { appId: string; keys: Record<string, unknown>[] }[];
  devices: { deviceId: string; appId: string }[];
  loginDevices: { ipRange: string; browser: string }[];
}

describe('platform additions P26–P29: export my data (PIPL Art. 45)', () => {
  it("the zip opens, holds exactly the account's own data and its files byte for byte, and nothing of another account", async () => {
    const mine = await fullDeveloper();
    const other = await fullDeveloper();
    // Someone else's sessions and history are in the same tables.
    await t.request({
      url: '/api/v1/sessions',
      body: { identifier: other.email, password: GOOD_PASSWORD },
      ip: randomIp(),
    });

    const res = await exportOf(mine.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="devplat-export-dev_[a-z0-9]+-\d{8}\.zip"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');

    const files = await unzip(res.rawPayload);
    const raw = files.get('data.json')!.toString('utf8');
    const data = JSON.parse(raw) as ExportedData;
    expect(data.account).toMatchObject({ id: mine.accountId, username: mine.username, twoFactor: { totp: false } });
    expect(data.contacts).toEqual({ phone: mine.phone, email: mine.email });
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    expect(data.securityHistory.map((e) => e.event)).toEqual(
      expect.arrayContaining(['account.registered', 'certification.submitted', 'app.created', 'data.exported']),
    );
    expect(data.loginDevices.length).toBeGreaterThanOrEqual(1);

    // The certification with its own unmasked fields: the full ID number, the name.
    expect(data.certification.current.state).toBe('approved');
    const [submission] = data.certification.submissions;
    expect(submission!.identity).toBe(mine.idNumber);
    expect(submission!.fields.realName).toBe(mine.realName);

    // Every upload is in files/, byte for byte: the images as the server keeps them, the PDF as uploaded.
    // (personalBody's own two uploads are unattached uploads of the account too.)
    expect(data.certification.files).toHaveLength(5);
    expect([...files.keys()].sort()).toEqual(['data.json', ...data.certification.files.map((f) => f.path)].sort());
    for (const [id, bytes] of mine.images) {
      const entry = data.certification.files.find((f) => f.id === id)!;
      expect(submission!.files.map((f) => f.path)).toContain(entry.path);
      expect(files.get(entry.path)!.equals(bytes)).toBe(true);
    }
    const pdfEntry = data.certification.files.find((f) => f.id === mine.pdf.id)!;
    expect(pdfEntry.mime).toBe('application/pdf');
    expect(files.get(pdfEntry.path)!.equals(mine.pdf.bytes)).toBe(true);

    // Apps without secrets, and the devices.
    expect(data.apps).toHaveLength(1);
    expect(data.apps[0]!.appId).toBe(mine.appId);
    expect(data.apps[0]!.keys).toEqual([expect.objectContaining({ keyId: mine.keyId, state: 'active' })]);
    expect(data.devices).toEqual([expect.objectContaining({ deviceId: mine.deviceId, appId: mine.appId })]);
    expect(raw).not.toContain(mine.appKey);
    expect(raw).not.toContain('$argon2');
    expect(raw).not.toMatch(/secret|token_hash|password_hash|public_key/i);

    // Nothing of the other account, anywhere in the JSON or in a file name.
    const everything = raw + [...files.keys()].join('\n');
    for (const value of [
      other.accountId,
      other.username,
      other.phone,
      other.phone.slice(3),
      other.email,
      other.idNumber,
      other.appId,
      other.keyId,
      other.deviceId,
      other.pdf.id,
      ...other.images.keys(),
    ]) {
      expect(everything).not.toContain(value);
    }
    const otherSessions = await t.db.query<{ id: string }>('SELECT id FROM sessions WHERE account_id = $1', [
      other.accountId,
    ]);
    expect(otherSessions.rows.length).toBeGreaterThan(0);
    for (const { id } of otherSessions.rows) expect(everything).not.toContain(id);
    // And the other account's images are not among the files.
    for (const bytes of other.images.values())
      for (const content of files.values()) expect(content.equals(bytes)).toBe(false);
  });

  it('is audited, once an hour (429 with Retry-After), and the ticket works once, for its own account only', async () => {
    const dev = await t.register();
    const other = await t.register();
    // A ticket lives two minutes.
    const late = await start(dev.cookie);
    t.clock.advance(121);
    expect((await download(dev.cookie, late.json<{ ticket: string }>().ticket)).json().code).toBe('ticket.invalid');

    const first = await start(dev.cookie);
    const second = await start(dev.cookie);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    const ticket = first.json<{ ticket: string; expiresInSeconds: number }>();
    expect(ticket.expiresInSeconds).toBe(120);

    // Another account cannot use the ticket.
    expect((await download(other.cookie, ticket.ticket)).json().code).toBe('ticket.invalid');
    expect((await download(dev.cookie, ticket.ticket)).statusCode).toBe(200);
    // Used once.
    expect((await download(dev.cookie, ticket.ticket)).json().code).toBe('ticket.invalid');

    const audit = await t.db.query<{ outcome: string; ip: string }>(
      `SELECT outcome, ip FROM audit_events WHERE account_id = $1 AND event = 'data.exported'`,
      [dev.account.id],
    );
    expect(audit.rows).toEqual([{ outcome: 'success', ip: '127.0.0.1' }]);

    // The second ticket, taken before the download, is spent by it.
    expect((await download(dev.cookie, second.json<{ ticket: string }>().ticket)).json().code).toBe('ticket.invalid');
    // A made-up or altered ticket is refused the same way.
    expect((await download(dev.cookie, `${ticket.ticket}x`)).json().code).toBe('ticket.invalid');
    // A new start is refused too, before the password is checked.
    await wait(dev.cookie, 600);
    const soon = await start(dev.cookie);
    expect(soon.statusCode).toBe(429);
    expect(soon.json().code).toBe('data_export.too_soon');
    expect(Number(soon.headers['retry-after'])).toBe(DATA_EXPORT_EVERY_SECONDS - 600);

    await wait(dev.cookie, DATA_EXPORT_EVERY_SECONDS - 600);
    expect((await exportOf(dev.cookie)).statusCode).toBe(200);
    const rows = await t.db.query('SELECT 1 FROM audit_events WHERE account_id = $1 AND event = $2', [
      dev.account.id,
      'data.exported',
    ]);
    expect(rows.rows).toHaveLength(2);
  });

  it('a wrong password is refused and audited; with TOTP on, a current code is needed too', async () => {
    const dev = await t.register();
    const wrong = await start(dev.cookie, { password: 'not-the-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('password.current_incorrect');
    expect(wrong.json()).not.toHaveProperty('ticket');
    const failures = await t.db.query<{ outcome: string; details: { reason: string } }>(
      `SELECT outcome, details FROM audit_events WHERE account_id = $1 AND event = 'data.exported'`,
      [dev.account.id],
    );
    expect(failures.rows).toEqual([{ outcome: 'failure', details: { reason: 'password' } }]);
    // The wrong password counts toward the log-in throttle, as every password check does.
    expect(await failedLogins(t.db, { id: dev.account.id })).toBe(1);

    const setup = (await post('/api/v1/me/totp/setup', {}, dev.cookie)).json<{ secret: string }>();
    expect((await post('/api/v1/me/totp/confirm', { code: totpCode(t, setup.secret) }, dev.cookie)).statusCode).toBe(
      200,
    );
    t.clock.advance(30);
    const noCode = await start(dev.cookie);
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().code).toBe('mfa.code_invalid');
    const badCode = await start(dev.cookie, { password: GOOD_PASSWORD, code: '000000' });
    expect(badCode.json().code).toBe('mfa.code_invalid');
    const ok = await start(dev.cookie, { password: GOOD_PASSWORD, code: totpCode(t, setup.secret) });
    expect(ok.statusCode).toBe(201);
    const res = await download(dev.cookie, ok.json<{ ticket: string }>().ticket);
    expect(res.statusCode).toBe(200);
    const data = JSON.parse((await unzip(res.rawPayload)).get('data.json')!.toString('utf8')) as ExportedData;
    expect(data.account.twoFactor.totp).toBe(true);
  });

  it('needs a developer session', async () => {
    expect((await t.request({ url: '/api/v1/me/data-export', body: { password: GOOD_PASSWORD } })).statusCode).toBe(
      401,
    );
    expect((await t.request({ url: '/api/v1/me/data-export?ticket=x' })).statusCode).toBe(401);
    const staff = await staffSession(t);
    const refused = await start(staff.cookie, { password: staff.password });
    expect(refused.statusCode).toBe(403);
  });
});
