import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIp, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const post = (cookie: string, path: string, body?: object) =>
  t.request({ method: 'POST', url: `/api/v1/me/contact-changes/${path}`, body: body ?? {}, cookie, ip: randomIp() });

describe('contact change to the same address', () => {
  it('the current phone as the new one is refused as unchanged (not "unavailable … or log in")', async () => {
    const { cookie, contact } = await t.register();
    t.clock.advance(61);
    expect((await post(cookie, 'phone/current-code')).statusCode).toBe(202);
    const ticket = (await post(cookie, 'phone/tickets', { code: await t.latestCode(contact) })).json().ticket as string;
    const res = await post(cookie, 'phone/new-code', { ticket, to: contact });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'account.phone_unchanged', message: '新手机号不能与当前手机号相同' });
  });
});
