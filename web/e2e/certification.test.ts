import { randomInt } from 'node:crypto';
import { maskIdentity, normalizeCreditCode } from '@devplat/common';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterEach, describe, expect, test } from 'vitest';
import { uniqueEmail } from './accounts.js';
import { browserPerSuite, expectOnCertification, signUp, staffLogIn } from './steps.js';
import { CONTEXT_OPTIONS } from './browser.js';
import { serverUnderTest } from './server.js';

const { baseUrl, staff } = serverUnderTest();

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random unified social credit code with a correct check character (GB 32100). */
function validCreditCode(): string {
  const body = Array.from({ length: 17 }, () => USCC.charAt(randomInt(USCC.length))).join('');
  for (const check of USCC) if (normalizeCreditCode(body + check)) return body + check;
  throw new Error('no check character fits');
}

/** A small real PNG (a licence "scan"). */
function licencePng(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
}

async function stateOf(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute('data-state');
}

async function waitForState(page: Page, testId: string, state: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-state="${state}"]`).waitFor();
}

describe.skipIf(!baseUrl)('certification and review', () => {
  let staffContext: BrowserContext | null = null;
  // Registered first: after-hooks run last to first, so the test's page is closed before this.
  afterEach(async () => {
    await staffContext?.close();
    staffContext = null;
  });
  const suite = browserPerSuite(baseUrl);

  test('register → enterprise form → rejected with a reason → edit and resubmit → approved with entitlements', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    const creditCode = validCreditCode();
    const company = `测试科技有限公司 ${randomInt(1e6)}`;
    const reason = '<b>营业执照照片不清晰</b>，请重新上传';

    // Sign-up lands on 信息登记.
    await signUp(page, baseUrl, { email });
    await expectOnCertification(page);

    // A wrong check character is caught before anything is sent.
    await page.getByTestId('type-enterprise').click();
    await page
      .getByTestId('cert-creditCode-input')
      .fill(`${creditCode.slice(0, 17)}${creditCode[17] === '0' ? '1' : '0'}`);
    await page.getByTestId('cert-submit').click();
    await page.getByText('统一社会信用代码不正确，请核对').waitFor();

    await page.getByTestId('cert-companyName-input').fill(company);
    await page.getByTestId('cert-creditCode-input').fill(creditCode.toLowerCase());
    await page.getByTestId('cert-address-input').fill('上海市浦东新区测试路 1 号');
    await page.getByTestId('cert-contactName-input').fill('张三');
    await page.getByTestId('cert-contactPhone-input').fill('13800138000');
    await page
      .getByTestId('upload-business_licence')
      .locator('input[type=file]')
      .setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: await licencePng() });
    const preview = page.getByTestId('preview-business_licence');
    await preview.waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="preview-business_licence"]') as HTMLImageElement | null)
          ?.naturalWidth === 64,
    );
    expect(await page.getByTestId('cert-consent-version').textContent()).toMatch(/\S+/);
    await page.getByTestId('cert-consent').click();
    await page.getByTestId('cert-submit').click();

    // Pending, with the expected decision date.
    await waitForState(page, 'cert-status', 'pending');
    const deadline = await page.getByTestId('cert-deadline').getAttribute('data-deadline');
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('cert-deadline').textContent()).toContain(String(Number(deadline?.slice(0, 4))));
    expect(await page.getByTestId('field-identity').textContent()).toBe(maskIdentity(creditCode));

    // A developer has no business in the review console.
    await page.goto('/admin');
    await page.waitForURL('**/apps');

    // The reviewer: TOTP, the queue, the application.
    staffContext = await suite.browser.newContext(CONTEXT_OPTIONS(baseUrl));
    staffContext.setDefaultTimeout(30_000);
    const reviewer = await staffContext.newPage();
    await staffLogIn(reviewer, baseUrl, staff.reviewer);
    await reviewer.getByTestId('queue-search').locator('input').fill(company);
    await reviewer.getByTestId('queue-search').locator('input').press('Enter');
    const row = reviewer.locator('tr', { has: reviewer.getByText(company, { exact: true }) });
    await row.getByTestId('queue-open').click();
    await reviewer.waitForURL('**/admin/certifications/*');
    await waitForState(reviewer, 'detail-state', 'pending');
    expect(await reviewer.getByTestId('field-companyName').textContent()).toBe(company);
    await reviewer.waitForFunction(
      () => (document.querySelector('[data-testid="detail-file"]') as HTMLImageElement | null)?.naturalWidth === 64,
    );
    expect(await reviewer.getByTestId('detail-identity').textContent()).toBe(maskIdentity(creditCode));
    await reviewer.getByTestId('reveal-button').click();
    await reviewer.getByTestId('detail-identity').getByText(creditCode, { exact: true }).waitFor();
    // Reviewers do not disable accounts.
    expect(await reviewer.getByTestId('disable-button').count()).toBe(0);

    await reviewer.getByTestId('reject-button').click();
    await reviewer.getByTestId('reject-submit').click();
    await reviewer.getByText('请输入驳回原因').waitFor();
    await reviewer.getByTestId('reject-reason-input').fill(reason);
    await reviewer.getByTestId('reject-submit').click();
    await waitForState(reviewer, 'detail-state', 'rejected');

    // The developer sees the reason — as text — and edits.
    await page.goto('/certification');
    await waitForState(page, 'cert-status', 'rejected');
    const shown = page.getByTestId('cert-reject-reason');
    expect(await shown.textContent()).toBe(reason);
    expect(await shown.locator('b').count()).toBe(0);
    await page.getByTestId('cert-edit').click();
    expect(await page.getByTestId('cert-companyName-input').inputValue()).toBe(company);
    await preview.waitFor(); // the licence already uploaded stays
    await page.getByTestId('cert-companyName-input').fill(`${company} 二`);
    await page.getByTestId('cert-creditCode-input').fill(creditCode);
    await page.getByTestId('cert-consent').click();
    await page.getByTestId('cert-submit').click();
    await waitForState(page, 'cert-status', 'pending');

    // The reviewer reloads the application (a new version) and approves it.
    await reviewer.reload();
    await waitForState(reviewer, 'detail-state', 'pending');
    expect(await reviewer.getByTestId('field-companyName').first().textContent()).toBe(`${company} 二`);
    await reviewer.getByTestId('detail-history').waitFor();
    await reviewer.getByTestId('approve-button').click();
    await reviewer.getByTestId('approve-confirm').click();
    await waitForState(reviewer, 'detail-state', 'approved');

    // Approved: read-only information (masked) and the enterprise entitlements.
    await page.reload();
    await waitForState(page, 'cert-status', 'approved');
    expect(await page.getByTestId('cert-edit').count()).toBe(0);
    expect(await page.getByTestId('field-identity').textContent()).toBe(maskIdentity(creditCode));
    expect(await page.getByTestId('entitlement-device-cap').textContent()).toBe('不设上限');
    expect(await page.getByTestId('entitlement-support').textContent()).toBe('已开通');
    expect(await page.getByTestId('entitlement-consulting').textContent()).toBe('已开通');

    await page.getByTestId('nav-personal').click();
    await page.waitForURL('**/personal');
    await waitForState(page, 'certification-state', 'approved');
    expect(await stateOf(page, 'certification-state')).toBe('approved');
    expect(await page.getByTestId('certification-link').count()).toBe(0);
    await page.getByTestId('cert-entitlements').waitFor();
  });
});
