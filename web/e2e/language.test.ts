import { errorMessage } from '@devplat/common';
import { describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, readRegisterCode, uniquePhone } from './accounts.js';
import { browserPerSuite, requestCode, signUpToAppManagement } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl } = serverUnderTest();

describe.skipIf(!baseUrl)('language switch', () => {
  const suite = browserPerSuite(baseUrl);

  test('English changes the visible texts and <html lang>, and survives a reload', async () => {
    const page = await suite.page();
    await page.goto('/login');
    const title = page.getByTestId('page-title');
    expect(await title.textContent()).toBe('登录');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.getByTestId('language-en').click();
    await page.getByText('Phone number or email').waitFor();
    expect(await title.textContent()).toBe('Log in');
    expect(await page.getByTestId('login-submit').textContent()).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await page.getByText('Phone number or email').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Only the language is kept in the browser.
    const stored = await page.evaluate(() => Object.keys(window.localStorage));
    expect(stored).toEqual(['devplat.locale']);
  });

  test('in English: server errors and the signed-in console are English too', async () => {
    const page = await suite.page();
    await page.goto('/register');
    await page.getByTestId('language-en').click();
    // English is its own chunk, shown once loaded (web/src/i18n/catalogues.ts).
    await page.getByTestId('page-title').filter({ hasText: 'Create an account' }).waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('Create an account');

    const phone = uniquePhone();
    await page.getByTestId('register-phone-input').fill(phone.typed);
    await requestCode(page);
    expect(await page.getByTestId('send-code-button').textContent()).toMatch(/^Resend in \d+ s$/);
    await page.getByTestId('register-password-input').fill(GOOD_PASSWORD);
    await page.getByTestId('register-password-confirm-input').fill(GOOD_PASSWORD);
    const real = await readRegisterCode(baseUrl, phone.e164);
    const wrong = real === '000000' ? '111111' : '000000';
    await page.getByTestId('register-code-input').fill(wrong);
    await page.getByTestId('register-submit').click();
    const error = page.getByTestId('register-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(errorMessage('verification_code.invalid', 'en'));

    await signUpToAppManagement(page, baseUrl, { phone: uniquePhone() });
    expect(await page.getByTestId('nav-apps').textContent()).toBe('App management');
    expect(await page.getByTestId('logout-button').textContent()).toBe('Log out');
    await page.reload();
    await page.getByTestId('apps-empty').waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('App management');
  });
});
