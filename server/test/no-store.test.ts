import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, personalBody, staffSession, submit } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

/** Issue 14, finding 5: personal data never lands in a browser or proxy cache. */
describe('SECURITY 34/35 (issue 14 finding 5): authenticated API answers are Cache-Control: no-store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/me, /certification, the admin detail and the reveal answer no-store, as do coded errors', async () => {
    const dev = await t.register();
    const body = await personalBody(t, dev.cookie);
    expect((await submit(t, dev.cookie, body)).statusCode).toBe(200);
    const staff = await staffSession(t);
    const responses = [
      await t.request({ url: '/api/v1/me', cookie: dev.cookie }),
      await t.request({ url: '/api/v1/certification', cookie: dev.cookie }),
      await t.request({ url: `/api/v1/admin/certifications/${dev.account.id}`, cookie: staff.cookie }),
      await t.request({ url: `/api/v1/admin/certifications/${dev.account.id}/reveal`, body: {}, cookie: staff.cookie }),
      await t.request({ url: '/api/v1/me' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 401]);
    for (const res of responses) expect(res.headers['cache-control'], res.raw.req.url).toBe('no-store');
    // A decision answer too (the hook covers mutations as well as reads).
    const version = responses[2]!.json().version as number;
    const decided = await decide(t, staff.cookie, dev.account.id, { decision: 'approved', version });
    expect(decided.statusCode).toBe(200);
    expect(decided.headers['cache-control']).toBe('no-store');
  });

  it('the console page is not affected (its own no-cache policy stays)', async () => {
    const res = await t.request({ url: '/apps' });
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});
