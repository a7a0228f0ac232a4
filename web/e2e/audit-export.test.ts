import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { serverNow } from './clock.js';
import { browserPerSuite, staffLogIn } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl, auditAdmin: admin } = serverUnderTest();

/** `YYYY-MM-DD HH:mm:ss` in this machine's time zone (the browser's too), as the range picker takes it. */
const pickerText = (ms: number) => {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

describe.skipIf(!baseUrl)('issue 15 point 6: the admins’ audit export in the staff console', () => {
  const suite = browserPerSuite(baseUrl);

  test('an admin picks a time range and a format and downloads the audit log (zh-CN, en)', async () => {
    const page = await suite.page();
    await staffLogIn(page, baseUrl, admin);
    await page.getByTestId('nav-admin-audit').click();
    await page.waitForURL('**/admin/audit');
    await page.getByTestId('page-title').getByText('安全审计日志导出', { exact: true }).waitFor();

    // From a day before the server's time to a day after it: this admin's own log-in is inside.
    const now = await serverNow(baseUrl);
    const inputs = page.locator('.ant-picker-range input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(pickerText(now - 86_400_000));
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill(pickerText(now + 86_400_000));
    await inputs.nth(1).press('Enter');
    await page.getByText('JSON', { exact: true }).click();

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-download').click()]);
    expect(file.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}-\d{8}T\d{6}\.json$/);
    const rows = JSON.parse(await readFile((await file.path())!, 'utf8')) as { event: string; outcome: string }[];
    expect(rows.some((r) => r.event === 'login' && r.outcome === 'success')).toBe(true);

    await page.getByTestId('language-en').click();
    await page.getByText('Export the security audit log').waitFor();
    expect(await page.getByTestId('nav-admin-audit').textContent()).toBe('Audit export');
  });
});
