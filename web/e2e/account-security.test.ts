import { errorMessage, formatPhoneNational, maskEmail, maskPhone, uiText } from '@devplat/common';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, uniqueEmail, uniquePhone } from './accounts.js';
import { serverNow } from './clock.js';
import { codeSent, cooledDown, readCodeSince, registerByApi } from './codes.js';
import { browserPerSuite, expectOnAppManagement, logIn, logOut, signUpToAppManagement } from './steps.js';
import { CONTEXT_OPTIONS } from './browser.js';
import { serverUnderTest } from './server.js';

const { baseUrl } = serverUnderTest();
const NEW_PASSWORD = 'Quiet-Meadow-Compass-82';

/** Distinct numbers within this file (uniquePhone draws from 10 000). */
const usedPhones = new Set<string>();
function freshPhone(): { typed: string; e164: string } {
  for (;;) {
    const phone = uniquePhone();
    if (!usedPhones.has(phone.e164)) {
      usedPhones.add(phone.e164);
      return phone;
    }
  }
}

/** Clicks a 获取验证码 button (after the target's cooldown), waits for the countdown, returns the code. */
async function sendAndReadCode(page: Page, buttonTestId: string, errorTestId: string, to: string): Promise<string> {
  await cooledDown(baseUrl, to);
  const since = await serverNow(baseUrl);
  const button = page.getByTestId(buttonTestId);
  await button.click();
  const counting = button.and(page.locator('[disabled]'));
  const error = page.getByTestId(errorTestId);
  await counting.or(error).first().waitFor();
  if (!(await counting.isVisible())) throw new Error(`The code was not sent: ${await error.textContent()}`);
  codeSent(to, since);
  return readCodeSince(baseUrl, to, since);
}

async function openPersonal(page: Page): Promise<void> {
  await page.getByTestId('nav-personal').click();
  await page.waitForURL('**/personal');
  await page.getByTestId('account-username').waitFor();
}

describe.skipIf(!baseUrl)('account security', () => {
  const suite = browserPerSuite(baseUrl);
  // Accounts the code-sending tests start from; their sends move the server's clock past the cooldown.
  const resetByPhone = freshPhone();
  const resetByEmail = uniqueEmail();
  const bindEmailPhone = freshPhone();
  const changePhoneFrom = freshPhone();

  beforeAll(async () => {
    await registerByApi(baseUrl, { phone: resetByPhone.e164 }, GOOD_PASSWORD);
    await registerByApi(baseUrl, { email: resetByEmail }, GOOD_PASSWORD);
    await registerByApi(baseUrl, { phone: bindEmailPhone.e164 }, GOOD_PASSWORD);
    await registerByApi(baseUrl, { phone: changePhoneFrom.e164 }, GOOD_PASSWORD);
  });

  test('change password: a wrong current password returns to step 1; then the new one logs in', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await signUpToAppManagement(page, baseUrl, { email });
    await openPersonal(page);
    expect(await page.getByTestId('account-email').textContent()).toBe(maskEmail(email));
    expect(await page.getByTestId('account-phone').textContent()).toBe('未绑定');
    expect(await page.getByTestId('edit-phone').textContent()).toBe('绑定');

    await page.getByTestId('edit-password').click();
    await page.getByTestId('current-password-input').fill('Not-My-Password-11');
    await page.getByTestId('password-next').click();
    await page.getByTestId('new-password-input').fill(NEW_PASSWORD);
    await page.getByTestId('new-password-confirm-input').fill(NEW_PASSWORD);
    await page.getByTestId('password-submit').click();
    const error = page.getByTestId('password-dialog-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(errorMessage('password.current_incorrect', 'zh-CN'));
    await page.getByTestId('current-password-input').fill(GOOD_PASSWORD);
    await page.getByTestId('password-next').click();
    await page.getByTestId('new-password-input').fill(NEW_PASSWORD);
    await page.getByTestId('new-password-confirm-input').fill(NEW_PASSWORD);
    await page.getByTestId('password-submit').click();
    // (issue 13.8) No other device was signed in: the message names no device count ("0 台").
    await page.locator('.ant-message-notice', { hasText: uiText('password.changed.none', 'zh-CN') }).waitFor();
    expect((await page.locator('.ant-message-notice').allTextContents()).join(' ')).not.toMatch(/\d+ 台/);
    await page.getByTestId('current-password-input').or(page.getByTestId('new-password-input')).first().waitFor({
      state: 'detached',
    });
    await page.getByTestId('history-event').getByText('修改密码').first().waitFor();

    await logOut(page);
    await logIn(page, email, GOOD_PASSWORD);
    await page.getByTestId('login-error').waitFor();
    await logIn(page, email, NEW_PASSWORD);
    await expectOnAppManagement(page);
  });

  test('log out elsewhere: 退出其他所有设备 ends the other browser’s session', async () => {
    const page = await suite.page();
    const phone = freshPhone();
    await signUpToAppManagement(page, baseUrl, { phone });

    const other = await suite.browser.newContext(CONTEXT_OPTIONS(baseUrl));
    other.setDefaultTimeout(30_000);
    try {
      const elsewhere = await other.newPage();
      await elsewhere.goto('/login');
      await logIn(elsewhere, phone.typed, GOOD_PASSWORD);
      await expectOnAppManagement(elsewhere);

      await openPersonal(page);
      await page.getByTestId('session-other').waitFor();
      expect(await page.getByTestId('session-current').textContent()).toContain('当前设备');
      await page.getByTestId('sessions-end-others').click();
      await page.getByTestId('sessions-end-others-confirm').click();
      await page.getByTestId('session-other').waitFor({ state: 'detached' });
      await page.getByTestId('history-event').getByText('退出其他所有设备').first().waitFor();

      await elsewhere.getByTestId('nav-personal').click();
      await elsewhere.waitForURL('**/login');
      await logIn(elsewhere, phone.typed, GOOD_PASSWORD);
      await expectOnAppManagement(elsewhere);
    } finally {
      await other.close();
    }
  });

  test('forgot password by phone: code, new password, back to log in, log in with it', async () => {
    const page = await suite.page();
    await page.goto('/login');
    await page.getByTestId('forgot-password-link').click();
    await page.waitForURL('**/forgot-password');
    await page.getByTestId('forgot-contact-input').fill(resetByPhone.typed);
    await page.getByTestId('forgot-next').click();
    expect(await page.getByTestId('forgot-target').textContent()).toContain(maskPhone(resetByPhone.e164));
    const code = await sendAndReadCode(page, 'forgot-send-code', 'forgot-error', resetByPhone.e164);
    await page.getByTestId('forgot-code-input').fill(code);
    await page.getByTestId('forgot-password-input').fill(NEW_PASSWORD);
    await page.getByTestId('forgot-password-confirm-input').fill(NEW_PASSWORD);
    await page.getByTestId('forgot-submit').click();
    await page.waitForURL('**/login');
    await page.getByTestId('login-notice').waitFor();
    // One message, and the contact just used already in the log-in field.
    const done = await page.getByTestId('login-notice').textContent();
    expect(await page.locator('.ant-message-notice', { hasText: done ?? '' }).count()).toBe(0);
    expect(await page.getByTestId('login-identifier-input').inputValue()).toBe(formatPhoneNational(resetByPhone.e164));

    await logIn(page, resetByPhone.typed, GOOD_PASSWORD);
    await page.getByTestId('login-error').waitFor();
    await logIn(page, resetByPhone.typed, NEW_PASSWORD);
    await expectOnAppManagement(page);
  });

  test('forgot password by email: a wrong code is refused, the right one resets', async () => {
    const page = await suite.page();
    await page.goto('/forgot-password');
    await page.getByTestId('forgot-contact-input').fill(resetByEmail);
    await page.getByTestId('forgot-next').click();
    const code = await sendAndReadCode(page, 'forgot-send-code', 'forgot-error', resetByEmail);
    await page.getByTestId('forgot-code-input').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('forgot-password-input').fill(NEW_PASSWORD);
    await page.getByTestId('forgot-password-confirm-input').fill(NEW_PASSWORD);
    await page.getByTestId('forgot-submit').click();
    const error = page.getByTestId('forgot-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(errorMessage('verification_code.invalid', 'zh-CN'));
    await page.getByTestId('forgot-code-input').fill(code);
    await page.getByTestId('forgot-submit').click();
    await page.waitForURL('**/login');

    await logIn(page, resetByEmail, NEW_PASSWORD);
    await expectOnAppManagement(page);
  });

  test('bind an email to a phone-registered account, then log in with the email', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await page.goto('/login');
    await logIn(page, bindEmailPhone.typed, GOOD_PASSWORD);
    await expectOnAppManagement(page);
    await openPersonal(page);
    expect(await page.getByTestId('account-phone').textContent()).toBe(maskPhone(bindEmailPhone.e164));
    expect(await page.getByTestId('account-email').textContent()).toBe('未绑定');

    await page.getByTestId('edit-email').click();
    // No email yet: step 1's code goes to the phone.
    const current = await sendAndReadCode(
      page,
      'contact-current-send-code',
      'contact-dialog-error',
      bindEmailPhone.e164,
    );
    expect(await page.getByTestId('contact-current-target').textContent()).toBe(
      `验证码已发送至 ${maskPhone(bindEmailPhone.e164)}`,
    );
    await page.getByTestId('contact-current-code-input').fill(current);
    await page.getByTestId('contact-next').click();
    await page.getByTestId('contact-new-input').fill(email);
    const fresh = await sendAndReadCode(page, 'contact-new-send-code', 'contact-dialog-error', email);
    await page.getByTestId('contact-new-code-input').fill(fresh);
    await page.getByTestId('contact-submit').click();
    await page.getByTestId('account-email').getByText(maskEmail(email)).waitFor();

    await logOut(page);
    await logIn(page, email, GOOD_PASSWORD);
    await expectOnAppManagement(page);
  });

  test('change the phone number, then log in with the new one', async () => {
    const page = await suite.page();
    const next = freshPhone();
    await page.goto('/login');
    await logIn(page, changePhoneFrom.typed, GOOD_PASSWORD);
    await expectOnAppManagement(page);
    await openPersonal(page);

    await page.getByTestId('edit-phone').click();
    expect(await page.getByTestId('contact-current-target').textContent()).toContain(maskPhone(changePhoneFrom.e164));
    const current = await sendAndReadCode(
      page,
      'contact-current-send-code',
      'contact-dialog-error',
      changePhoneFrom.e164,
    );
    await page.getByTestId('contact-current-code-input').fill(current);
    await page.getByTestId('contact-next').click();
    await page.getByTestId('contact-new-input').fill(next.typed);
    const fresh = await sendAndReadCode(page, 'contact-new-send-code', 'contact-dialog-error', next.e164);
    await page.getByTestId('contact-new-code-input').fill(fresh);
    await page.getByTestId('contact-submit').click();
    await page.getByTestId('account-phone').getByText(maskPhone(next.e164)).waitFor();

    await logOut(page);
    await logIn(page, changePhoneFrom.typed, GOOD_PASSWORD);
    await page.getByTestId('login-error').waitFor();
    await logIn(page, next.typed, GOOD_PASSWORD);
    await expectOnAppManagement(page);
  });
});
