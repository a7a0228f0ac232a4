import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import sharp from 'sharp';
import { createPasswords } from '../src/platform/passwords.js';
import type { TestApp } from './harness.js';

export const CONSENT = { consent: true, consentVersion: '2026-11-v1' };
export const CREDIT_CODES = ['91350100M000100Y43', '91110000600037341L'];
export const ID_NUMBERS = ['11010519491231002X', '440524188001010014'];

/** A fresh valid resident ID number (GB 11643), so tests never collide on the one-account-per-ID rule. */
export function newIdNumber(): string {
  const year = 1960 + randomInt(40);
  const body = `110105${year}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * w[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** A fresh valid unified social credit code (GB 32100). */
export function newCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91';
  while (body.length < 17) body += alphabet[randomInt(10)];
  const sum = [...body].reduce((acc, c, i) => acc + alphabet.indexOf(c) * w[i]!, 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

/** A multipart/form-data body with one file part, as a browser would send it. */
export function multipart(bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const boundary = `----devplat${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export const jpeg = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();
export const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 200, b: 40 } } })
    .png()
    .toBuffer();
export const pdf = () =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function upload(
  t: TestApp,
  cookie: string,
  kind: string,
  bytes: Buffer,
  filename?: string,
  contentType?: string,
) {
  const body = multipart(bytes, filename, contentType);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/certification/uploads?kind=${kind}`,
    headers: { cookie, origin: 'http://localhost:3000', 'content-type': body.contentType },
    payload: body.payload,
  });
  return res;
}

/** Uploads the files a type needs and returns a complete, valid submission body. */
export async function enterpriseBody(t: TestApp, cookie: string, overrides: Record<string, unknown> = {}) {
  const licence = (await upload(t, cookie, 'business_licence', await jpeg())).json().id as string;
  return {
    type: 'enterprise',
    companyName: '福州示例智能科技有限公司',
    creditCode: newCreditCode(),
    address: '福建省福州市鼓楼区示例路 1 号',
    contactName: '张三',
    contactPhone: '13800138000',
    businessLicenceFileId: licence,
    ...CONSENT,
    ...overrides,
  };
}

/** A complete personal submission around two uploaded ID images, with a fresh ID number. */
export const personalFields = (idFrontFileId: string, idBackFileId: string) => ({
  type: 'personal',
  realName: '李四',
  idNumber: newIdNumber(),
  contactPhone: '+8613900139000',
  idFrontFileId,
  idBackFileId,
  ...CONSENT,
});

export async function personalBody(t: TestApp, cookie: string, overrides: Record<string, unknown> = {}) {
  const front = (await upload(t, cookie, 'id_front', await jpeg())).json().id as string;
  const back = (await upload(t, cookie, 'id_back', await png())).json().id as string;
  return { ...personalFields(front, back), ...overrides };
}

export const submit = (t: TestApp, cookie: string, body: object) =>
  t.request({ method: 'PUT', url: '/api/v1/certification', body, cookie });

/** The current TOTP code of a secret at the test clock's time. */
export function totpCode(t: TestApp, secret: string, offsetSteps = 0) {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: t.clock.now().getTime() + offsetSteps * 30_000 });
}

/**
 * A staff account as `npm run staff` makes it, logged in with its password only (its TOTP not set
 * up yet: a half-open session); `logIn` logs in again and returns the new cookie.
 */
export async function halfOpenStaff(t: TestApp, role: 'reviewer' | 'admin' = 'reviewer') {
  const email = `staff.${randomBytes(5).toString('hex')}@example.com`;
  const password = 'staff-first-password-9';
  const hash = await createPasswords({ minLength: 8 }).hash(password);
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO accounts (username, email, password_hash, role, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [`staff_${randomBytes(4).toString('hex')}`, email, hash, role, t.clock.now()],
  );
  const login = await t.request({ url: '/api/v1/sessions', body: { identifier: email, password } });
  const logIn = async () =>
    t.sessionCookie(await t.request({ url: '/api/v1/sessions', body: { identifier: email, password } }))!;
  return { cookie: t.sessionCookie(login)!, logIn, id: rows[0]!.id, email, password, login };
}

/**
 * A staff account as `npm run staff` makes it, logged in with its TOTP set up; returns its cookie,
 * id and TOTP secret.
 */
export async function staffSession(t: TestApp, role: 'reviewer' | 'admin' = 'reviewer') {
  const { cookie, id, email, password, login } = await halfOpenStaff(t, role);
  const setup = await t.request({ method: 'POST', url: '/api/v1/sessions/current/totp/setup', body: {}, cookie });
  const secret = setup.json().secret as string;
  const verified = await t.request({
    method: 'POST',
    url: '/api/v1/sessions/current/totp',
    body: { code: totpCode(t, secret) },
    cookie,
  });
  if (verified.statusCode !== 204) throw new Error(`TOTP failed: ${verified.body}`);
  return { cookie, id, email, password, secret, loginBody: login.json() };
}

export const decide = (t: TestApp, cookie: string, accountId: string, body: object) =>
  t.request({ url: `/api/v1/admin/certifications/${accountId}/decision`, body, cookie });
