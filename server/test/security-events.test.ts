import { isUiKey, SECURITY_EVENT_TYPES, uiText } from '@devplat/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseBody, staffSession, submit } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('security history (安全记录)', () => {
  it('every event type the audit log records has a phrase in both languages', () => {
    const missing = SECURITY_EVENT_TYPES.filter((type) => !isUiKey(`event.${type}`));
    expect(missing).toEqual([]);
    for (const type of SECURITY_EVENT_TYPES) {
      const key = `event.${type}`;
      if (!isUiKey(key)) continue;
      expect(uiText(key, 'zh-CN')).not.toBe(uiText(key, 'en'));
      expect(uiText(key, 'en')).not.toMatch(/^[a-z_.]+$/);
    }
  });

  it("staff actions show as the platform reviewer's, without the reviewer's IP or browser", async () => {
    const dev = await t.register();
    expect((await submit(t, dev.cookie, await enterpriseBody(t, dev.cookie))).statusCode).toBe(200);
    const staff = await staffSession(t);
    const reveal = await t.request({
      url: `/api/v1/admin/certifications/${dev.account.id}/reveal`,
      body: {},
      cookie: staff.cookie,
      headers: { 'user-agent': 'StaffBrowser/1.0' },
    });
    expect(reveal.statusCode).toBe(200);
    const history = await t.request({ url: '/api/v1/me/security-events', cookie: dev.cookie });
    const items = history.json().items as {
      event: string;
      actor: string;
      ip: string | null;
      userAgent: string | null;
    }[];
    const revealed = items.find((e) => e.event === 'certification.revealed');
    expect(revealed).toMatchObject({ actor: 'staff', ip: null, userAgent: null });
    const submitted = items.find((e) => e.event === 'certification.submitted');
    expect(submitted?.actor).toBe('account');
    expect(submitted?.ip).not.toBeNull();
    for (const e of items) expect(SECURITY_EVENT_TYPES).toContain(e.event);
  });
});
