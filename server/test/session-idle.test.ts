import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/** Issue 14, finding 8: a short idle timeout must not turn into an absolute one. */
describe('SECURITY 20 (issue 14 finding 8): SESSION_IDLE_MINUTES=1 is an idle timeout, not an absolute one', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1' } });
  });
  afterAll(() => t.close());

  const me = (cookie: string) => t.request({ url: '/api/v1/me', cookie });

  it('a session used every 20 s stays alive for 5 minutes, then idles out after a minute of silence', async () => {
    const { cookie } = await t.register();
    for (let seconds = 0; seconds < 5 * 60; seconds += 20) {
      t.clock.advance(20);
      expect((await me(cookie)).statusCode, `after ${seconds + 20} s`).toBe(200);
    }
    t.clock.advance(61);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});
