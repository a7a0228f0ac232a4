import { maskEmail } from '@devplat/common';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, uniqueEmail } from './accounts.js';
import { serverNow } from './clock.js';
import { codeSent, cooledDown, readCodeSince, registerByApi } from './codes.js';
import { CONTEXT_OPTIONS } from './browser.js';
import { browserPerSuite, expectOnAppManagement, logIn } from './steps.js';
import { serverUnderTest } from './server.js';

/**
 * Issue 13 points 9 and 14: the flows in the browser's history (each step its own address, Back
 * returns a step; an edited 信息登记 form asks before anything in the console leaves it), and a
 * visitor's console without red noise (no 401 for GET /api/v1/me on the public pages).
 */
const { baseUrl } = serverUnderTest();

/** Everything a page logs that a visitor's developer tools would show in red. */
function watchNoise(page: Page): { noise: string[]; asked: string[] } {
  const noise: string[] = [];
  const asked: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') noise.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => noise.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) asked.push(`${request.method()} ${url.pathname}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) noise.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { noise, asked };
}

/** history.back() from the page itself: the router sees the same pop as from the browser's button. */
async function back(page: Page): Promise<void> {
  await page.evaluate(() => window.history.back());
}

describe.skipIf(!baseUrl)('the console in the browser history, and without red noise', () => {
  const suite = browserPerSuite(baseUrl);

  test('public pages log no error and no 401: /, /login, /register, /forgot-password, an unknown page', async () => {
    const page = await suite.page();
    const { noise, asked } = watchNoise(page);
    // A visitor's first page: the root sends nobody to log-in without asking GET /me.
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    await page.goto('/register');
    await page.getByTestId('register-submit').waitFor();
    await page.waitForLoadState('networkidle');
    await page.goto('/forgot-password');
    await page.getByTestId('forgot-next').waitFor();
    await page.waitForLoadState('networkidle');
    await page.goto('/no-such-page');
    await page.waitForLoadState('networkidle');
    // Nobody signed in was asked for, through the endpoint that answers 200 for nobody.
    expect(asked).toContain('GET /api/v1/session');
    expect(asked).not.toContain('GET /api/v1/me');
    expect(noise).toEqual([]);
  });

  test('forgot password: step 2 has its own address; Back returns to step 1, Forward to step 2', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await page.goto('/forgot-password');
    await page.getByTestId('forgot-contact-input').fill(email);
    await page.getByTestId('forgot-next').click();
    await page.getByTestId('forgot-target').waitFor();
    expect(new URL(page.url()).search).toBe('?step=reset');
    // The contact stays out of the address (it is in the history entry's state).
    expect(page.url()).not.toContain(encodeURIComponent(email));
    await back(page);
    await page.getByTestId('forgot-contact-input').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('forgot-target').count()).toBe(0);
    await page.evaluate(() => window.history.forward());
    await page.getByTestId('forgot-target').waitFor();
    expect(await page.getByTestId('forgot-target').textContent()).toContain(maskEmail(email));
  });

  test('change email: step 2 has its own address; Back returns to step 1', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await registerByApi(baseUrl, { email }, GOOD_PASSWORD);
    await page.goto('/login');
    await logIn(page, email, GOOD_PASSWORD);
    await expectOnAppManagement(page);
    await page.getByTestId('nav-personal').click();
    await page.getByTestId('account-username').waitFor();
    await page.getByTestId('edit-email').click();
    await cooledDown(baseUrl, email);
    const since = await serverNow(baseUrl);
    const send = page.getByTestId('contact-current-send-code');
    await send.click();
    await send.and(page.locator('[disabled]')).waitFor();
    codeSent(email, since);
    await page.getByTestId('contact-current-code-input').fill(await readCodeSince(baseUrl, email, since));
    await page.getByTestId('contact-next').click();
    await page.getByTestId('contact-new-input').waitFor();
    expect(new URL(page.url()).search).toBe('?step=new-email');
    await back(page);
    await page.getByTestId('contact-current-target').waitFor();
    expect(await page.getByTestId('contact-new-input').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/personal');
    expect(new URL(page.url()).search).toBe('');
  });

  test('leaving an edited certification form through the menu, a link or Back asks first', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await registerByApi(baseUrl, { email }, GOOD_PASSWORD);
    await page.goto('/login');
    await logIn(page, email, GOOD_PASSWORD);
    await page.waitForURL('**/apps');
    // Untouched, the form lets go at once.
    await page.getByTestId('apps-locked-link').click();
    await page.waitForURL('**/certification');
    await page.getByTestId('cert-companyName-input').waitFor();
    await page.getByTestId('nav-apps').click();
    await page.waitForURL('**/apps');
    expect(await page.getByTestId('leave-ok').count()).toBe(0);

    // Edited: the menu asks; "keep editing" stays with the typed text.
    await page.getByTestId('apps-locked-link').click();
    await page.waitForURL('**/certification');
    await page.getByTestId('cert-companyName-input').fill('厦门示例物联科技有限公司');
    await page.getByTestId('nav-personal').click();
    await page.getByTestId('leave-cancel').click();
    await page.getByTestId('leave-cancel').waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/certification');
    expect(await page.getByTestId('cert-companyName-input').inputValue()).toBe('厦门示例物联科技有限公司');

    // The browser's Back asks too, and staying keeps the page and its address.
    await back(page);
    await page.getByTestId('leave-cancel').click();
    await page.getByTestId('leave-cancel').waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/certification');
    expect(await page.getByTestId('cert-companyName-input').inputValue()).toBe('厦门示例物联科技有限公司');

    // A link in the page asks the same; confirmed, the navigation goes on.
    await page.getByTestId('certification-back').click();
    await page.getByTestId('leave-ok').click();
    await page.waitForURL('**/personal');
    await page.getByTestId('account-username').waitFor();
  });

  test('a system that asks for reduced motion gets the console without animations (WCAG 2.3.3)', async () => {
    const durations: Record<string, string> = {};
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const context = await suite.browser.newContext({ ...CONTEXT_OPTIONS(baseUrl), reducedMotion });
      try {
        const page = await context.newPage();
        await page.goto('/login');
        const submit = page.getByTestId('login-submit');
        await submit.waitFor();
        durations[reducedMotion] = await submit.evaluate((button) => getComputedStyle(button).transitionDuration);
      } finally {
        await context.close();
      }
    }
    // antd's buttons fade their colours in 0.2 s; with motion off every duration is zero.
    expect(durations['no-preference']).not.toMatch(/^0s(, 0s)*$/);
    expect(durations.reduce).toMatch(/^0s(, 0s)*$/);
  });

  test('a page opened by its address renders at once, without the loading spinner first', async () => {
    const page = await suite.page();
    // Whether a spinner was ever put in the page, from before the first script runs.
    await page.addInitScript(() => {
      const seen = { spinner: false };
      (window as unknown as { spinnerSeen: typeof seen }).spinnerSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('.ant-spin')) seen.spinner = true;
      }).observe(document, { childList: true, subtree: true });
    });
    for (const [url, ready] of [
      ['/login', 'login-submit'],
      ['/forgot-password', 'forgot-next'],
      ['/no-such-page', 'not-found'],
    ] as const) {
      await page.goto(url);
      await page.getByTestId(ready).waitFor();
      expect(
        await page.evaluate(() => (window as unknown as { spinnerSeen: { spinner: boolean } }).spinnerSeen.spinner),
        url,
      ).toBe(false);
    }
  });
});
