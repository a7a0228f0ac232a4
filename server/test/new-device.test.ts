import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserOf, ipRangeOf, KNOWN_DEVICE_DAYS } from '../src/platform/known-devices.js';
import {
  renderMessage,
  SMS_TEMPLATE_TEXT,
  SMS_VARIABLE_MAX_CHARS,
  smsVariables,
} from '../src/platform/messaging/templates.js';
import { totpCode } from './certification-helpers.js';
import { GOOD_PASSWORD, ORIGIN, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36';
const CHROME_MAC_NEWER = CHROME_MAC.replace('Chrome/139.0.0.0', 'Chrome/141.0.0.0');
const FIREFOX_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:142.0) Gecko/20100101 Firefox/142.0';
const DAY = 86_400;

/** A network of its own per call (203.0.113.0/24 style, from a counter), so tests never share one. */
let net = 0;
const newNetwork = () => {
  net++;
  return (host: number) => `10.${20 + (net >> 8)}.${net & 255}.${host}`;
};

/** Signs up with a phone and an email bound, from a given network and browser. */
async function signUp(ip: string, userAgent: string) {
  const phone = uniquePhone();
  await t.sendCode(phone);
  const res = await t.request({
    url: '/api/v1/accounts',
    body: { phone, code: await t.latestCode(phone), password: GOOD_PASSWORD },
    ip,
    headers: { 'user-agent': userAgent },
  });
  expect(res.statusCode).toBe(201);
  const email = uniqueEmail();
  const accountId = res.json<{ id: string }>().id;
  await t.db.query('UPDATE accounts SET email = $2 WHERE id = $1', [accountId, email]);
  return { phone, email, accountId, cookie: t.sessionCookie(res)! };
}

const logIn = (identifier: string, ip: string, userAgent: string) =>
  t.request({
    url: '/api/v1/sessions',
    body: { identifier, password: GOOD_PASSWORD },
    ip,
    headers: { 'user-agent': userAgent },
  });

/** How many new-device notices the outbox holds for a contact (queued or sent: the durable rows). */
const notices = async (to: string) =>
  (
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message_outbox WHERE recipient = $1 AND template = 'notice.new_device_login'`,
      [to],
    )
  ).rows[0]!.n;

describe('platform additions P21–P25: new-device log-in alert', () => {
  it('no notice for the log-in right after sign-up; one to each contact for a new network, none for a known one', async () => {
    const home = newNetwork();
    const dev = await signUp(home(10), CHROME_MAC);
    // Same browser, same /24, a newer browser version: known.
    expect((await logIn(dev.phone, home(77), CHROME_MAC_NEWER)).statusCode).toBe(200);
    expect(await notices(dev.phone)).toBe(0);
    expect(await notices(dev.email)).toBe(0);

    // Another network: one notice to the phone and one to the email, in the session's transaction.
    const cafe = newNetwork();
    expect((await logIn(dev.email, cafe(5), CHROME_MAC)).statusCode).toBe(200);
    expect(await notices(dev.phone)).toBe(1);
    expect(await notices(dev.email)).toBe(1);
    // Again from there: known now, no second notice.
    expect((await logIn(dev.email, cafe(6), CHROME_MAC)).statusCode).toBe(200);
    expect(await notices(dev.email)).toBe(1);

    // The same network in another browser is a new device.
    expect((await logIn(dev.email, cafe(5), FIREFOX_WIN)).statusCode).toBe(200);
    expect(await notices(dev.email)).toBe(2);

    // What the notice says (the dev outbox renders the email in the account's locale, zh-CN).
    const [latest] = await t.outbox(dev.email);
    expect(latest!.text).toContain('新设备');
    expect(latest!.text).toContain(cafe(5));
    expect(latest!.text).toContain('Firefox / Windows');
    expect(latest!.text).toContain(`${ORIGIN}/personal#sessions`);
    expect(latest!.text).not.toContain(FIREFOX_WIN);
    const [sms] = await t.outbox(dev.phone);
    expect(sms!.channel).toBe('sms');
    expect(sms!.text).toContain('Firefox');
    expect(sms!.text).not.toContain('http');

    // The audit row of the log-in says it came from a new device.
    const { rows } = await t.db.query<{ details: { newDevice?: boolean } }>(
      `SELECT details FROM audit_events WHERE account_id = $1 AND event = 'login' ORDER BY id DESC LIMIT 1`,
      [dev.accountId],
    );
    expect(rows[0]!.details.newDevice).toBe(true);
  });

  it(`a device not seen for ${KNOWN_DEVICE_DAYS} days alerts again, and maintenance prunes its row (injectable clock)`, async () => {
    const home = newNetwork();
    const dev = await signUp(home(1), CHROME_MAC);
    const away = newNetwork();
    expect((await logIn(dev.phone, away(1), CHROME_MAC)).statusCode).toBe(200);
    expect(await notices(dev.phone)).toBe(1);
    // Delivered now, before the clock moves: delivered after a move, the row would be finished
    // only at the moved time, too new for the pruning pass below (one run in a few on PostgreSQL).
    await t.messenger.idle();

    // 89 days later it is still known (and the log-in renews it).
    t.clock.advance((KNOWN_DEVICE_DAYS - 1) * DAY);
    expect((await logIn(dev.phone, away(2), CHROME_MAC)).statusCode).toBe(200);
    expect(await notices(dev.phone)).toBe(1);

    // 91 days without it: new again.
    t.clock.advance((KNOWN_DEVICE_DAYS + 1) * DAY);
    const rangeCount = async () =>
      (
        await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM known_devices WHERE account_id = $1', [
          dev.accountId,
        ])
      ).rows[0]!.n;
    expect(await rangeCount()).toBe(2);
    const removed = await t.container.maintenance.runOnce();
    expect(removed.known_devices).toBeGreaterThanOrEqual(2);
    expect(await rangeCount()).toBe(0);
    // (The same pass cleared the outbox's finished rows, the first notice among them.)
    expect(await notices(dev.phone)).toBe(0);
    expect((await logIn(dev.phone, away(3), CHROME_MAC)).statusCode).toBe(200);
    expect(await notices(dev.phone)).toBe(1);
    expect(await rangeCount()).toBe(1);
  });

  it('a passkey log-in and a log-in after the second factor alert too, once', async () => {
    const home = newNetwork();
    const dev = await signUp(home(1), CHROME_MAC);
    const post = (url: string, body: object, ip: string, cookie?: string) =>
      t.request({ url, body, cookie, ip, headers: { 'user-agent': CHROME_MAC } });

    // A passkey, registered from home; then a passkey log-in from a new network.
    const key = new SoftAuthenticator(ORIGIN, 'localhost');
    const options = await post('/api/v1/me/passkeys/options', {}, home(1), dev.cookie);
    const challenge = (o: { json: () => unknown }) => (o.json() as { challenge: string }).challenge;
    expect(
      (
        await post(
          '/api/v1/me/passkeys',
          { name: 'Mac', response: key.register(challenge(options)) },
          home(1),
          dev.cookie,
        )
      ).statusCode,
    ).toBe(201);
    const office = newNetwork();
    const loginOptions = await post('/api/v1/sessions/passkey/options', {}, office(1));
    const passkeyLogin = await post(
      '/api/v1/sessions/passkey',
      { response: key.assert(challenge(loginOptions)) },
      office(1),
    );
    expect(passkeyLogin.statusCode).toBe(200);
    expect(await notices(dev.email)).toBe(1);

    // TOTP on; a password from a third network is no log-in yet (no notice), the code is.
    const setup = (await post('/api/v1/me/totp/setup', {}, home(1), dev.cookie)).json<{ secret: string }>();
    expect(
      (await post('/api/v1/me/totp/confirm', { code: totpCode(t, setup.secret) }, home(1), dev.cookie)).statusCode,
    ).toBe(200);
    t.clock.advance(30);
    const hotel = newNetwork();
    const pending = await logIn(dev.phone, hotel(1), CHROME_MAC);
    expect(pending.statusCode).toBe(202);
    expect(await notices(dev.email)).toBe(1);
    const done = await post(
      '/api/v1/sessions/second-factor',
      { pendingToken: pending.json<{ pendingToken: string }>().pendingToken, code: totpCode(t, setup.secret) },
      hotel(1),
    );
    expect(done.statusCode).toBe(200);
    expect(await notices(dev.email)).toBe(2);
  });

  it('the network is the IPv4 /24 or the IPv6 /48; the browser is family and OS', () => {
    expect(ipRangeOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(ipRangeOf('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(ipRangeOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(ipRangeOf('2001:db8:abcd:ffff:1:2:3:4')).toBe(ipRangeOf('2001:db8:abcd::9'));
    expect(browserOf(CHROME_MAC)).toBe('Chrome / macOS');
    expect(browserOf(CHROME_MAC_NEWER)).toBe(browserOf(CHROME_MAC));
    expect(browserOf(FIREFOX_WIN)).toBe('Firefox / Windows');
    expect(browserOf(null)).toBe('Unknown browser / unknown OS');
  });

  it('the notice renders in zh-CN and en; its SMS variables fit both providers (≤ 12 characters, no link)', () => {
    const params = {
      at: '2026-03-02T16:05:00.000Z',
      ip: '2001:db8:abcd:12::1',
      browser: 'Samsung Internet for Android / Android',
      link: `${ORIGIN}/personal#sessions`,
    };
    const zh = renderMessage('notice.new_device_login', 'zh-CN', params);
    expect(zh.subject).toContain('新设备登录');
    // Beijing time (UTC+8): 16:05 UTC is 00:05 the next day.
    expect(zh.text).toContain('2026-03-03 00:05（北京时间）');
    expect(zh.text).toContain('IP 地址：2001:db8:abcd:12::1');
    expect(zh.text).toContain(params.browser);
    expect(zh.text).toContain(params.link);
    const en = renderMessage('notice.new_device_login', 'en', params);
    expect(en.subject).toBe('AIoT Open Platform: new sign-in to your account');
    expect(en.text).toContain('2026-03-02 16:05 UTC');
    expect(en.text).toContain('IP address: 2001:db8:abcd:12::1');
    expect(en.text).toContain(params.link);

    const vars = smsVariables('notice.new_device_login', params);
    expect(vars).toEqual({ time: '03-03 00:05', browser: 'Samsung Inte' });
    for (const value of Object.values(vars)) {
      expect([...value].length).toBeLessThanOrEqual(SMS_VARIABLE_MAX_CHARS);
      expect(value).not.toMatch(/https?:|www\.|【|】/);
    }
    // The registered SMS text names exactly these variables, and filled in it reads as the SMS does.
    const template = SMS_TEMPLATE_TEXT['notice.new_device_login'];
    expect([...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]).sort()).toEqual(Object.keys(vars).sort());
    expect(template).not.toMatch(/【|】|https?:/);
    const filled = template.replace(/\$\{(\w+)\}/g, (_, name: string) => vars[name as keyof typeof vars] ?? '');
    expect(renderMessage('notice.new_device_login', 'zh-CN', params, 'sms').text).toBe(`【AIoT 开放平台】${filled}`);
    expect(renderMessage('notice.new_device_login', 'en', params, 'sms').text).not.toContain('http');
  });
});
