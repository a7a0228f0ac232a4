import { maskEmail } from '@devplat/common';
import { describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, uniqueEmail } from './accounts.js';
import { registerByApi } from './codes.js';
import { browserPerSuite, logIn, staffLogIn } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl, staff } = serverUnderTest();

describe.skipIf(!baseUrl)('messages and SMS availability', () => {
  const suite = browserPerSuite(baseUrl);

  test('an admin lists recent messages, masked, and filters them by status', async () => {
    const email = uniqueEmail();
    await registerByApi(baseUrl, { email }, GOOD_PASSWORD); // a register code: one sent message
    const page = await suite.page();
    await staffLogIn(page, baseUrl, staff.admin);
    await page.getByTestId('nav-admin-messages').click();
    await page.waitForURL('**/admin/messages');
    const table = page.getByTestId('messages-table');
    // The recipient is masked; the address itself never reaches the page.
    await table.getByText(maskEmail(email)).first().waitFor();
    expect(await table.textContent()).not.toContain(email);

    await page.getByTestId('messages-status-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已发送' }).click();
    await page.waitForURL('**/admin/messages?status=sent');
    // The filtered page may still be replacing the unfiltered rows (or show none for a moment
    // while it loads; CI once read the rows, then none): poll until only sent rows are shown.
    const statuses = () =>
      page.getByTestId('message-status').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status')));
    await expect.poll(async () => [...new Set(await statuses())]).toEqual(['sent']);
    await table.getByText(maskEmail(email)).first().waitFor();

    await page.getByTestId('messages-status-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已放弃' }).click();
    await page.waitForURL('**/admin/messages?status=abandoned');
    await table.getByText('暂无消息').waitFor();
  });

  test('with SMS switched off the console hides the phone tab and phone binding and says why', async () => {
    const page = await suite.page();
    // The settings as a server with SMS_PROVIDERS=none answers them (the API's own switch-off
    // is proven by the server tests).
    await page.route('**/api/v1/settings', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), smsAvailable: false } });
    });
    await page.goto('/register');
    await page.getByTestId('sms-off-notice').waitFor();
    await page.getByTestId('register-email-input').waitFor();
    expect(await page.getByTestId('register-tab-phone').count()).toBe(0);

    await page.goto('/forgot-password');
    await page.getByTestId('sms-off-notice').waitFor();

    const email = uniqueEmail();
    await registerByApi(baseUrl, { email }, GOOD_PASSWORD);
    await page.goto('/login');
    await page.getByTestId('sms-off-notice').waitFor();
    await logIn(page, email, GOOD_PASSWORD);
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto('/personal');
    await page.getByTestId('account-email').waitFor();
    await page.getByTestId('sms-off-notice').waitFor();
    expect(await page.getByTestId('edit-phone').count()).toBe(0);
    expect(await page.getByTestId('edit-email').count()).toBe(1);
  });
});
