import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { renderMessage, smsVariables, TEMPLATE_KEYS } from '../src/platform/messaging/templates.js';
import { personalBody, staffSession, submit, decide } from './certification-helpers.js';
import { GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';
import { allTemplates } from './messaging-helpers.js';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig({ DATA_DIR: '/tmp/devplat-config-test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
};
const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET: 'x'.repeat(40),
  SMTP_URL: 'smtp://mail',
  DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
};

describe('SMS configuration, validated at start', () => {
  it('production without an SMS provider fails to start, naming SMS_PROVIDERS', () => {
    expect(refusal(PRODUCTION)).toContain('SMS_PROVIDERS');
    expect(refusal({ ...PRODUCTION, SMS_PROVIDERS: 'outbox' })).toContain('SMS_PROVIDERS');
    expect(refusal({ ...PRODUCTION, SMS_PROVIDERS: 'aliyun,carrier-pigeon' })).toContain('SMS_PROVIDERS');
    expect(
      loadConfig({ DATA_DIR: '/tmp/devplat-config-test', ...PRODUCTION, SMS_PROVIDERS: 'none' }).sms.providers,
    ).toEqual([]);
  });

  it("a provider in use needs its credentials and a template id for every key, and the error names what's missing", () => {
    const aliyun = {
      SMS_PROVIDERS: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
      ALIYUN_SMS_SIGN_NAME: 'AIoT',
      ALIYUN_SMS_TEMPLATES: allTemplates('SMS_'),
    };
    expect(loadConfig({ DATA_DIR: '/tmp/devplat-config-test', ...aliyun }).sms.aliyun?.templates.size).toBe(
      TEMPLATE_KEYS.length,
    );
    const missing = allTemplates('SMS_')
      .split(',')
      .filter((pair) => !pair.startsWith('notice.account_disabled='))
      .join(',');
    expect(refusal({ ...aliyun, ALIYUN_SMS_TEMPLATES: missing })).toContain('notice.account_disabled');
    expect(refusal({ ...aliyun, ALIYUN_SMS_TEMPLATES: `${missing},code.unknown=SMS_9` })).toContain('code.unknown');
    expect(refusal({ ...aliyun, ALIYUN_SMS_ACCESS_KEY_ID: '' })).toContain('ALIYUN_SMS_ACCESS_KEY_ID');
    expect(refusal({ ...aliyun, ALIYUN_SMS_ENDPOINT: 'ftp://x' })).toContain('ALIYUN_SMS_ENDPOINT');
    const tencent = refusal({ SMS_PROVIDERS: 'tencent' });
    for (const name of [
      'TENCENT_SMS_SECRET_ID',
      'TENCENT_SMS_SECRET_KEY',
      'TENCENT_SMS_SDK_APP_ID',
      'TENCENT_SMS_SIGN_NAME',
    ]) {
      expect(tencent).toContain(name);
    }
    expect(tencent).toContain('TENCENT_SMS_TEMPLATES has no template id for code.register');
    expect(refusal({ SMS_ALLOWED_REGIONS: 'CN,China' })).toContain('SMS_ALLOWED_REGIONS');
  });
});

describe('SMS_PROVIDERS=none and SMS_ALLOWED_REGIONS', () => {
  let off: TestApp;
  let t: TestApp;
  beforeAll(async () => {
    off = await startTestApp({ env: { SMS_PROVIDERS: 'none' } });
    t = await startTestApp();
  });
  afterAll(async () => {
    await off.close();
    await t.close();
  });
  const queued = async (app: TestApp, to: string) =>
    (await app.db.query('SELECT 1 FROM message_outbox WHERE recipient = $1', [to])).rowCount;
  const counted = async (app: TestApp, to: string) =>
    (await app.db.query('SELECT 1 FROM code_sends WHERE target = $1', [to])).rowCount;

  it('switches the phone flows off with a coded error; email still works', async () => {
    const phone = uniquePhone();
    for (const purpose of ['register', 'reset_password']) {
      const res = await off.sendCode(phone, randomIp(), purpose);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('phone.sms_unavailable');
    }
    expect(await queued(off, phone)).toBe(0);
    expect(await counted(off, phone)).toBe(0);
    const email = uniqueEmail();
    expect((await off.sendCode(email)).statusCode).toBe(202);
    expect(await off.latestCode(email)).toMatch(/^\d{6}$/);
    // Binding a phone to an email account is a phone flow too.
    const account = await off.register({ email: uniqueEmail() });
    const base = '/api/v1/me/contact-changes/phone';
    off.clock.advance(61); // the sign-up code's cooldown
    const step1 = await off.request({ url: `${base}/current-code`, body: {}, cookie: account.cookie });
    expect(step1.statusCode).toBe(202); // the current contact is the email
    const code = await off.latestCode(account.contact);
    const ticket = await off.request({ url: `${base}/tickets`, body: { code }, cookie: account.cookie });
    expect(ticket.statusCode).toBe(201);
    const bind = await off.request({
      url: `${base}/new-code`,
      body: { ticket: ticket.json().ticket, to: uniquePhone() },
      cookie: account.cookie,
    });
    expect(bind.statusCode).toBe(403);
    expect(bind.json().code).toBe('phone.sms_unavailable');
  });

  it('a country code outside SMS_ALLOWED_REGIONS (default CN) gets a coded 400 before anything is queued', async () => {
    const hongKong = '+85291234567';
    const res = await t.sendCode(hongKong);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('phone.region_not_allowed');
    expect(await queued(t, hongKong)).toBe(0);
    expect(await counted(t, hongKong)).toBe(0);
    const wider = await startTestApp({ env: { SMS_ALLOWED_REGIONS: 'CN,HK' } });
    try {
      expect((await wider.sendCode(hongKong)).statusCode).toBe(202);
      expect(await wider.latestCode(hongKong)).toMatch(/^\d{6}$/);
    } finally {
      await wider.close();
    }
  });
});

describe("every message uses the recipient's locale", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Signs up in English, as the console does when its language is English. */
  async function englishDeveloper() {
    const email = uniqueEmail();
    const en = { 'accept-language': 'en' };
    await t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register', to: email, challenge: await t.solvedChallenge() },
      headers: en,
      ip: randomIp(),
    });
    const code = await t.latestCode(email);
    const res = await t.request({
      url: '/api/v1/accounts',
      body: { email, code, password: GOOD_PASSWORD },
      headers: en,
    });
    expect(res.statusCode).toBe(201);
    return { email, cookie: t.sessionCookie(res)!, id: res.json().id as string };
  }

  it("the developer's decision notice is in the developer's language, not the reviewer's", async () => {
    const dev = await englishDeveloper();
    await submit(t, dev.cookie, await personalBody(t, dev.cookie));
    const staff = await staffSession(t); // the reviewer's console speaks zh-CN (the default)
    const detail = await t.request({ url: `/api/v1/admin/certifications/${dev.id}`, cookie: staff.cookie });
    const res = await decide(t, staff.cookie, dev.id, {
      version: detail.json().version,
      decision: 'rejected',
      reason: '营业执照照片模糊。',
    });
    expect(res.statusCode).toBe(200);
    const [notice] = await t.outbox(dev.email);
    expect(notice!.text).toContain('Your developer certification was not approved. Reason: 营业执照照片模糊. ');
  });

  it('the console language switch changes the language of later messages', async () => {
    const dev = await englishDeveloper();
    const setLocale = (locale: string, cookie: string | null = dev.cookie) =>
      t.request({ method: 'PUT', url: '/api/v1/me/locale', body: { locale }, cookie });
    expect((await setLocale('zh-CN')).statusCode).toBe(204);
    const changed = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      body: { currentPassword: GOOD_PASSWORD, newPassword: `${GOOD_PASSWORD}-new` },
      cookie: dev.cookie,
      headers: { 'accept-language': 'en' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await t.outbox(dev.email))[0]!.text).toContain('安全提醒');
    expect((await setLocale('fr')).statusCode).toBe(400);
    expect((await setLocale('en', null)).statusCode).toBe(401);
  });

  it('the rejection text never doubles its full stop, and an SMS never carries the reason', () => {
    const zh = renderMessage('notice.certification_rejected', 'zh-CN', { reason: '材料不全。' });
    expect(zh.text).toContain('原因：材料不全。您可以');
    expect(zh.text).not.toContain('。。');
    const sms = renderMessage('notice.certification_rejected', 'zh-CN', { reason: '材料不全' }, 'sms');
    expect(sms.text).not.toContain('材料不全');
    expect(sms.text).toContain('登录控制台查看原因');
    expect(smsVariables('notice.certification_rejected', { reason: '材料不全' })).toEqual({});
    expect(smsVariables('code.register', { code: '123456', minutes: 5 })).toEqual({ code: '123456', minutes: '5' });
  });
});

describe('admins see recent messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('masked recipient, template, status, attempts and provider; filter by status; reviewers refused', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    await t.messenger.idle();
    const admin = await staffSession(t, 'admin');
    const list = await t.request({ url: '/api/v1/admin/messages?status=sent', cookie: admin.cookie });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { to: string }) => i.to === `${phone.slice(3, 6)}****${phone.slice(-4)}`);
    expect(item).toMatchObject({
      template: 'code.register',
      status: 'sent',
      attempts: 1,
      provider: 'outbox',
      lastError: null,
    });
    expect(list.body).not.toContain(phone.slice(3));
    expect(list.body).not.toContain((await t.latestCode(phone))!);
    const none = await t.request({ url: '/api/v1/admin/messages?status=abandoned', cookie: admin.cookie });
    expect(none.json().items).toEqual([]);
    const reviewer = await staffSession(t, 'reviewer');
    expect((await t.request({ url: '/api/v1/admin/messages', cookie: reviewer.cookie })).statusCode).toBe(403);
    const developer = await t.register();
    expect((await t.request({ url: '/api/v1/admin/messages', cookie: developer.cookie })).statusCode).toBe(403);
  });
});
