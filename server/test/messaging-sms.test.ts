import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../src/platform/vault.js';
import { randomIp, startTestApp, uniquePhone, type TestApp } from './harness.js';
import { ALIYUN_KEYS, fakeProvider, smsEnv, TENCENT_KEYS, templateId, type FakeProvider } from './messaging-helpers.js';

let aliyun: FakeProvider;
let tencent: FakeProvider;
const apps: TestApp[] = [];

beforeAll(async () => {
  aliyun = await fakeProvider('aliyun', ALIYUN_KEYS);
  tencent = await fakeProvider('tencent', TENCENT_KEYS);
});
afterEach(async () => {
  // Later apps share the first one's database: close them first, the owner (which drops it) last.
  for (const app of apps.splice(0).reverse()) await app.close();
  aliyun.reset();
  tencent.reset();
});
afterAll(async () => {
  await aliyun.close();
  await tencent.close();
});

async function start(order: string, extra: Record<string, string> = {}, shared?: TestApp) {
  const t = await startTestApp({
    // A restarted or second node has the same secrets and data keys as the first.
    env: {
      ...smsEnv(order, aliyun, tencent),
      ...(shared ? { DATA_DIR: shared.config.dataDir, APP_SECRET: shared.config.secret.toString('utf8') } : {}),
      ...extra,
    },
    ...(shared ? { shared: { db: shared.db, clock: shared.clock } } : {}),
  });
  apps.push(t);
  return t;
}

type Row = {
  id: string;
  template: string;
  status: string;
  attempts: number;
  provider: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  sealed_params: string | null;
  next_attempt_at: Date;
};
const rowFor = async (t: TestApp, to: string) =>
  (await t.db.query<Row>('SELECT * FROM message_outbox WHERE recipient = $1 ORDER BY id DESC', [to])).rows[0]!;
const eventsFor = async (t: TestApp, id: string) =>
  (
    await t.db.query<{ event: string; details: Record<string, unknown> }>(
      `SELECT event, details FROM audit_events WHERE details->>'messageId' = $1 ORDER BY id`,
      [String(id)],
    )
  ).rows;

async function sendRegisterCode(t: TestApp, phone: string) {
  const sent = await t.sendCode(phone, randomIp());
  expect(sent.statusCode).toBe(202);
  await t.messenger.idle();
}

describe('the real SDKs against a local stand-in of each provider API', () => {
  it('Aliyun: SendSms 2017-05-25, domestic number, sign name, TemplateCode, TemplateParam, OutId, ACS3 signature', async () => {
    const t = await start('aliyun');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    expect(aliyun.received).toHaveLength(1);
    const sms = aliyun.received[0]!;
    const row = await rowFor(t, phone);
    expect(sms).toMatchObject({
      action: 'SendSms',
      version: '2017-05-25',
      phone: phone.slice(3),
      signName: 'AIoT开放平台',
      templateId: templateId('SMS_', 'code.register'),
      params: { code: expect.stringMatching(/^\d{6}$/), minutes: '5' },
      outId: String(row.id),
      signatureValid: true,
    });
    expect(row).toMatchObject({ status: 'sent', provider: 'aliyun', provider_message_id: 'biz-1', attempts: 1 });
    // After delivery the row holds no params at all, sealed or not.
    expect(row.sealed_params).toBeNull();
    const events = await eventsFor(t, row.id);
    expect(events.map((e) => e.event)).toEqual(['code.sent']);
    expect(events[0]!.details).toMatchObject({
      template: 'code.register',
      provider: 'aliyun',
      to: expect.stringContaining('****'),
    });
    expect(JSON.stringify(events)).not.toContain((sms.params as { code: string }).code);
  });

  it('Tencent: SendSms 2021-01-11, E.164, SmsSdkAppId, TemplateId, TemplateParamSet, a TC3-HMAC-SHA256 signature that verifies', async () => {
    const t = await start('tencent');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    expect(tencent.received).toHaveLength(1);
    const sms = tencent.received[0]!;
    expect(sms).toMatchObject({
      action: 'SendSms',
      version: '2021-01-11',
      phone,
      signName: 'AIoT开放平台',
      templateId: templateId('', 'code.register'),
      params: [expect.stringMatching(/^\d{6}$/), '5'],
      signatureValid: true,
    });
    expect(await rowFor(t, phone)).toMatchObject({
      status: 'sent',
      provider: 'tencent',
      provider_message_id: 'serial-1',
    });
  });

  it.each([
    ['aliyun', (phone: string) => phone.slice(3)],
    ['tencent', (phone: string) => phone],
  ] as const)(
    'NODE_ENV=production with SMS_PROVIDERS=%s starts and sends a register code through the SDK',
    async (name, expected) => {
      const t = await start(name, {
        NODE_ENV: 'production',
        SMTP_URL: 'smtp://127.0.0.1:1',
        DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      });
      expect(t.config.devOutbox).toBe(false);
      expect(t.config.sms.providers).toEqual([name]);
      const phone = uniquePhone();
      await sendRegisterCode(t, phone);
      const provider = name === 'aliyun' ? aliyun : tencent;
      expect(provider.received.map((r) => r.phone)).toEqual([expected(phone)]);
    },
  );
});

describe('failover, retries, expiry and final failures', () => {
  it('a transient error at the first provider fails over to the next', async () => {
    const t = await start('aliyun,tencent');
    aliyun.always('transient');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    expect(aliyun.received).toHaveLength(1);
    expect(tencent.received).toHaveLength(1);
    const row = await rowFor(t, phone);
    expect(row).toMatchObject({ status: 'sent', provider: 'tencent', attempts: 1 });
    expect((await eventsFor(t, row.id)).map((e) => [e.event, e.details.provider])).toEqual([
      ['message.failed', 'aliyun'],
      ['code.sent', 'tencent'],
    ]);
  });

  it('transient failures are retried with growing, jittered backoff on the clock', async () => {
    const t = await start('aliyun');
    aliyun.answer('transient', 'transient');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    let row = await rowFor(t, phone);
    const wait1 = (row.next_attempt_at.getTime() - t.clock.now().getTime()) / 1000;
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'ServiceUnavailable' });
    expect(wait1).toBeGreaterThanOrEqual(5);
    expect(wait1).toBeLessThanOrEqual(10);
    await t.messenger.idle();
    expect(aliyun.received).toHaveLength(1); // not due yet: nothing is sent early
    t.clock.advance(10);
    await t.messenger.idle();
    row = await rowFor(t, phone);
    const wait2 = (row.next_attempt_at.getTime() - t.clock.now().getTime()) / 1000;
    expect(row.attempts).toBe(2);
    expect(wait2).toBeGreaterThanOrEqual(10);
    expect(wait2).toBeLessThanOrEqual(20);
    t.clock.advance(20);
    await t.messenger.idle();
    expect(aliyun.received).toHaveLength(3);
    expect(await rowFor(t, phone)).toMatchObject({ status: 'sent', attempts: 3, sealed_params: null });
  });

  it('a sign-up code to a registered phone that fails once stays the notice: the retry sends it without resolving again, and the row never holds the code', async () => {
    const t = await start('aliyun');
    aliyun.answer('transient');
    const phone = uniquePhone();
    await t.db.query(
      `INSERT INTO accounts (username, phone, password_hash, created_at, updated_at)
       VALUES ($1, $2, 'not-a-hash', now(), now())`,
      [`sms_${phone.slice(-8)}`, phone],
    );
    await sendRegisterCode(t, phone);
    let row = await rowFor(t, phone);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, template: 'notice.already_registered' });
    const vault = createVault(t.config.dataKeys, t.config.dataKeyId);
    expect(JSON.parse(vault.open(row.sealed_params!))).toEqual({});
    t.clock.advance(10);
    await t.messenger.idle();
    row = await rowFor(t, phone);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, template: 'notice.already_registered' });
    expect(aliyun.received.map((sms) => sms.templateId)).toEqual([
      templateId('SMS_', 'notice.already_registered'),
      templateId('SMS_', 'notice.already_registered'),
    ]);
  });

  it('a code message that expired with its code is never sent', async () => {
    const t = await start('aliyun');
    aliyun.always('transient');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    aliyun.always('ok');
    t.clock.advance(301);
    await t.messenger.idle();
    expect(aliyun.received).toHaveLength(1);
    const row = await rowFor(t, phone);
    expect(row).toMatchObject({ status: 'expired', sealed_params: null });
    expect((await eventsFor(t, row.id)).map((e) => [e.event, e.details.reason ?? null])).toEqual([
      ['message.failed', null],
      ['message.abandoned', 'expired'],
    ]);
  });

  it('a permanent error abandons the message at once, with one audit event, and no failover', async () => {
    const t = await start('aliyun,tencent');
    aliyun.answer('permanent');
    const phone = uniquePhone();
    await sendRegisterCode(t, phone);
    t.clock.advance(600);
    await t.messenger.idle();
    expect(aliyun.received).toHaveLength(1);
    expect(tencent.received).toHaveLength(0);
    const row = await rowFor(t, phone);
    expect(row).toMatchObject({ status: 'abandoned', last_error: 'isv.MOBILE_NUMBER_ILLEGAL', sealed_params: null });
    const events = await eventsFor(t, row.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'message.abandoned',
      details: { provider: 'aliyun', reason: 'permanent' },
    });
  });

  it("a provider's frequency control is recorded as such and not retried (Aliyun and Tencent)", async () => {
    for (const name of ['aliyun', 'tencent'] as const) {
      const t = await start(name);
      const fake = name === 'aliyun' ? aliyun : tencent;
      fake.answer('throttled');
      const phone = uniquePhone();
      await sendRegisterCode(t, phone);
      t.clock.advance(120);
      await t.messenger.idle();
      expect(fake.received).toHaveLength(1);
      expect(await rowFor(t, phone)).toMatchObject({
        status: 'throttled',
        last_error: name === 'aliyun' ? 'isv.BUSINESS_LIMIT_CONTROL' : 'LimitExceeded.PhoneNumberDailyLimit',
      });
    }
  });
});

describe('no accepted message is lost', () => {
  it('a message queued while the provider is down is delivered after a restart', async () => {
    const first = await start('aliyun');
    aliyun.always('transient');
    const phone = uniquePhone();
    await sendRegisterCode(first, phone);
    expect((await rowFor(first, phone)).status).toBe('queued');
    await first.app.close(); // the node stops
    aliyun.always('ok');
    const next = await start('aliyun', {}, first);
    next.clock.advance(30);
    await next.messenger.idle();
    expect(aliyun.received).toHaveLength(2);
    expect(await rowFor(next, phone)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a message accepted by the API is delivered by the next node when its own died before sending', async () => {
    const first = await start('aliyun');
    // The node's worker is gone (killed) but the API still answered: only the row exists.
    await first.messaging.worker.stop(0);
    const phone = uniquePhone();
    expect((await first.sendCode(phone, randomIp())).statusCode).toBe(202);
    const queued = await rowFor(first, phone);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0 });
    // The outbox never holds a readable code: the params are sealed with the vault.
    expect(queued.sealed_params).toMatch(/^[\w-]+:[\w+/=]+:[\w+/=]+:[\w+/=]+$/);
    expect(queued.sealed_params).not.toMatch(/\d{6}/);
    await first.app.close();
    expect(aliyun.received).toHaveLength(0);
    const next = await start('aliyun', {}, first);
    await next.messenger.idle();
    expect(aliyun.received).toHaveLength(1);
    expect(await rowFor(next, phone)).toMatchObject({ status: 'sent', sealed_params: null });
  });

  it('on shutdown the worker stops claiming and lets the send in flight finish', async () => {
    const t = await start('aliyun');
    aliyun.slow(300);
    const phone = uniquePhone();
    const arrived = aliyun.nextRequest();
    expect((await t.sendCode(phone, randomIp())).statusCode).toBe(202);
    await arrived; // the provider has the request and has not answered yet
    await t.app.close(); // what SIGTERM does (main.ts)
    expect(await rowFor(t, phone)).toMatchObject({ status: 'sent', provider: 'aliyun', sealed_params: null });
  });

  it('two workers on one database never send a message twice', async () => {
    const writer = await start('aliyun');
    await writer.messaging.worker.stop(0);
    const phones = Array.from({ length: 12 }, () => uniquePhone());
    for (const phone of phones) expect((await writer.sendCode(phone, randomIp())).statusCode).toBe(202);
    const a = await start('aliyun', {}, writer);
    const b = await start('aliyun', {}, writer);
    await Promise.all([a.messenger.idle(), b.messenger.idle(), a.messenger.idle(), b.messenger.idle()]);
    const outIds = aliyun.received.map((r) => r.outId);
    expect(outIds).toHaveLength(phones.length);
    expect(new Set(outIds).size).toBe(phones.length);
    const { rows } = await a.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM message_outbox GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'sent', n: phones.length }]);
  });
});
