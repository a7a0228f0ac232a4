import { uiText } from '@devplat/common';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, uniquePhone } from './accounts.js';
import { advanceServerClock, serverNow } from './clock.js';
import { codeSent, readCodeSince } from './codes.js';
import { browserPerSuite, expectOnAppManagement, logIn, signUpToAppManagement } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl } = serverUnderTest();

async function openPersonal(page: Page): Promise<string> {
  await page.getByTestId('nav-personal').click();
  await page.waitForURL('**/personal');
  return ((await page.getByTestId('account-username').textContent()) ?? '').trim();
}

/**
 * 安全设置 → 注销账号: the username typed, the password, a code to the phone; then the log-in page
 * says when the account will be erased.
 */
async function deleteAccount(page: Page, phone: string, username: string): Promise<void> {
  await page.getByTestId('deletion-start').click();
  await page.getByTestId('deletion-username').fill(username);
  await page.getByTestId('deletion-password').fill(GOOD_PASSWORD);
  // Past the 60-s cooldown of the previous code to this phone, on the server's clock.
  await advanceServerClock(baseUrl, 61);
  const since = await serverNow(baseUrl);
  const button = page.getByTestId('deletion-send-code');
  await button.click();
  await button.and(page.locator('[disabled]')).or(page.getByTestId('deletion-error')).first().waitFor();
  expect(await page.getByTestId('deletion-error').count()).toBe(0);
  codeSent(phone, since);
  await page.getByTestId('deletion-code').fill(await readCodeSince(baseUrl, phone, since));
  await page.getByTestId('deletion-submit').click();
  await page.waitForURL('**/login');
  await page.getByTestId('deletion-requested').waitFor();
}

describe.skipIf(!baseUrl)('delete my account (PIPL Art. 47)', () => {
  const suite = browserPerSuite(baseUrl);

  test('delete in 安全设置, see the pending state at log-in, cancel, delete again', async () => {
    const page = await suite.page();
    const phone = uniquePhone();
    await signUpToAppManagement(page, baseUrl, { phone });
    const username = await openPersonal(page);

    // A wrong username is stopped in the form, before anything is sent.
    await page.getByTestId('deletion-start').click();
    await page.getByTestId('deletion-username').fill(`${username}x`);
    await page.getByTestId('deletion-password').fill(GOOD_PASSWORD);
    await page.getByTestId('deletion-code').fill('123456');
    await page.getByTestId('deletion-submit').click();
    await page.getByText(uiText('deletion.username.mismatch', 'zh-CN')).first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('deletion-username').waitFor({ state: 'detached' });

    await deleteAccount(page, phone.e164, username);
    expect(await page.getByTestId('deletion-requested').textContent()).toBe(uiText('deletion.done.title', 'zh-CN'));
    // The session ended: the console asks for a log-in again.
    await page.goto('/apps');
    await page.waitForURL('**/login');

    // The right password answers the pending state, with its cancel.
    await logIn(page, phone.typed, GOOD_PASSWORD);
    await page.getByTestId('deletion-pending').waitFor();
    expect(await page.getByTestId('deletion-pending').textContent()).toContain('彻底删除');
    // In English too.
    await page.getByTestId('language-en').click();
    await expect.poll(() => page.getByTestId('deletion-cancel').textContent()).toBe(uiText('deletion.cancel', 'en'));
    expect(await page.getByTestId('deletion-pending').textContent()).toContain('will be erased after');
    await page.getByTestId('deletion-cancel').click();
    await expectOnAppManagement(page);

    // Restored: delete again (in English now), and the next log-in is pending again.
    await page.getByTestId('nav-personal').click();
    await page.waitForURL('**/personal');
    expect(await page.getByTestId('deletion-start').textContent()).toBe(uiText('deletion.start', 'en'));
    await deleteAccount(page, phone.e164, username);
    expect(await page.getByTestId('deletion-requested').textContent()).toBe(uiText('deletion.done.title', 'en'));
    await logIn(page, phone.typed, GOOD_PASSWORD);
    await page.getByTestId('deletion-pending').waitFor();
    await page.getByTestId('deletion-back').click();
    await page.getByTestId('login-submit').waitFor();
  });
});
