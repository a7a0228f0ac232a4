import { errorMessage } from '@devplat/common';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { GOOD_PASSWORD, uniqueEmail, uniquePhone } from './accounts.js';
import { freshPage, launchBrowser } from './browser.js';
import { expectOnAppManagement, logIn, logOut, register } from './steps.js';

const baseUrl = inject('baseUrl');

describe.skipIf(!baseUrl)('register, log out, log in', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('by phone: register with an SMS code, land on App management, log out, log in again', async () => {
    const page = await freshPage(browser, baseUrl);
    const phone = uniquePhone();
    await page.goto('/register');
    await register(page, baseUrl, {
      channel: 'phone',
      typed: phone.typed,
      outboxTo: phone.e164,
      password: GOOD_PASSWORD,
    });
    await expectOnAppManagement(page);
    expect(await page.getByTestId('nav-apps').textContent()).toBe('应用管理');

    await logOut(page);
    // The session is gone: the console sends a visitor back to log in.
    await page.goto('/apps');
    await page.waitForURL('**/login');

    await logIn(page, phone.typed, GOOD_PASSWORD);
    await expectOnAppManagement(page);
    await page.context().close();
  });

  test('by email: register with an email code, land on App management, log out, log in again', async () => {
    const page = await freshPage(browser, baseUrl);
    const email = uniqueEmail();
    await page.goto('/register');
    await register(page, baseUrl, { channel: 'email', typed: email, outboxTo: email, password: GOOD_PASSWORD });
    await expectOnAppManagement(page);

    await logOut(page);
    await logIn(page, email, GOOD_PASSWORD);
    await expectOnAppManagement(page);

    await page.getByTestId('nav-personal').click();
    await page.waitForURL('**/personal');
    await page.getByText(email).waitFor();
    await page.context().close();
  });

  test('a wrong password gets the one generic message, as text', async () => {
    const page = await freshPage(browser, baseUrl);
    await page.goto('/login');
    await logIn(page, uniquePhone().typed, 'Not-The-Right-One-93');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(errorMessage('auth.invalid_credentials', 'zh-CN'));
    expect(page.url()).toMatch(/\/login$/);
    await page.context().close();
  });

  test('the password rules are checked inline, with the server’s words', async () => {
    const page = await freshPage(browser, baseUrl);
    const phone = uniquePhone();
    await page.goto('/register');
    await page.getByTestId('register-phone-input').fill(phone.typed);
    await page.getByTestId('register-password-input').fill('short');
    await page.getByText(errorMessage('password.too_short', 'zh-CN', { min: 8 })).waitFor();
    await page.getByTestId('register-password-input').fill(`pw${phone.typed}!`);
    await page.getByText(errorMessage('password.contains_personal_info', 'zh-CN')).waitFor();
    await page.getByTestId('register-password-input').fill(GOOD_PASSWORD);
    await page.getByTestId('password-strength').waitFor();
    await page.context().close();
  });
});
