import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { GOOD_PASSWORD, readRegisterCode } from './accounts.js';
import { Secret, TOTP } from 'otpauth';
import { closePage, freshPage, launchBrowser } from './browser.js';
import { advanceServerClock, serverNow } from './clock.js';

/**
 * For a describe block: one browser, launched before its tests and closed after them; each test's
 * page is closed after it (with a screenshot if the test failed).
 */
export function browserPerSuite(baseUrl: string): { readonly browser: Browser; page: () => Promise<Page> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async ({ task }) => {
    await closePage(task);
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('The browser is launched in beforeAll');
    return browser;
  };
  return {
    get browser() {
      return launched();
    },
    /** A fresh profile for one test. */
    page: () => freshPage(launched(), baseUrl),
  };
}

/** Who signs up: an email address, or a phone number as typed with its E.164 form. */
export type NewAccount = { email: string } | { phone: { typed: string; e164: string } };

/** Opens /register and signs up with GOOD_PASSWORD; the console then opens 信息登记. */
export async function signUp(page: Page, baseUrl: string, who: NewAccount): Promise<void> {
  await page.goto('/register');
  await register(
    page,
    baseUrl,
    'email' in who
      ? { channel: 'email', typed: who.email, outboxTo: who.email, password: GOOD_PASSWORD }
      : { channel: 'phone', typed: who.phone.typed, outboxTo: who.phone.e164, password: GOOD_PASSWORD },
  );
}

/** Signs up (see signUp) and goes on from 信息登记 to App management. */
export async function signUpToAppManagement(page: Page, baseUrl: string, who: NewAccount): Promise<void> {
  await signUp(page, baseUrl, who);
  await fromSignUpToAppManagement(page);
}

/** On /register: fill the chosen tab, get the code from the outbox, submit. */
export async function register(
  page: Page,
  baseUrl: string,
  account: { channel: 'phone' | 'email'; typed: string; outboxTo: string; password: string },
): Promise<void> {
  if (account.channel === 'email') await page.getByTestId('register-tab-email').click();
  await page.getByTestId(`register-${account.channel}-input`).fill(account.typed);
  // The code first: the strength bar that appears under the password would move the button.
  await requestCode(page);
  await page.getByTestId('register-password-input').fill(account.password);
  await page.getByTestId('register-password-confirm-input').fill(account.password);
  const code = await readRegisterCode(baseUrl, account.outboxTo);
  await page.getByTestId('register-code-input').fill(code);
  await page.getByTestId('register-submit').click();
}

/** Clicks 获取验证码 and waits until the button counts down; a shown error fails with its text. */
export async function requestCode(page: Page): Promise<void> {
  const button = page.getByTestId('send-code-button');
  await button.click();
  const counting = button.and(page.locator('[disabled]'));
  await counting.or(page.getByTestId('register-error')).first().waitFor();
  if (!(await counting.isVisible())) {
    throw new Error(`The code was not sent: ${await page.getByTestId('register-error').textContent()}`);
  }
}

export async function logIn(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByTestId('login-identifier-input').fill(identifier);
  await page.getByTestId('login-password-input').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signed in and on App management with its empty state. */
export async function expectOnAppManagement(page: Page): Promise<void> {
  await page.waitForURL('**/apps');
  await page.getByTestId('apps-empty').waitFor();
  expect((await page.getByTestId('header-username').textContent())?.trim()).toBeTruthy();
}

/** Right after sign-up: 信息登记 (/certification) with the empty form. */
export async function expectOnCertification(page: Page): Promise<void> {
  await page.waitForURL('**/certification');
  await page.getByTestId('type-enterprise').waitFor();
}

/** After sign-up the console opens 信息登记; tests about accounts go on to App management. */
export async function fromSignUpToAppManagement(page: Page): Promise<void> {
  await expectOnCertification(page);
  await page.getByTestId('nav-apps').click();
  await expectOnAppManagement(page);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout-button').click();
  await page.waitForURL('**/login');
}

/**
 * The TOTP secret each staff account enrolled with, by server and e-mail address: a retried test
 * (CI retries a failed browser test once, in the same worker) logs in again with it instead of
 * expecting the first log-in's set-up, which the first try already confirmed.
 */
const enrolledSecrets = new Map<string, string>();

/**
 * A staff member's log-in on the page: the first time, the TOTP set-up and a code computed from
 * the shown secret; on a retry, a code from the secret enrolled then. Then the review queue.
 * `onSetUp` runs on the set-up page, before its secret is read: only when the set-up shows.
 */
export async function staffLogIn(
  page: Page,
  baseUrl: string,
  account: { email: string; password: string },
  onSetUp?: () => Promise<void>,
): Promise<void> {
  await page.goto('/login');
  await logIn(page, account.email, account.password);
  await page.waitForURL('**/admin/mfa');
  // The set-up shows its QR code; an enrolled account is asked for a code (or a passkey) at once.
  await page.getByTestId('mfa-qr').or(page.getByTestId('mfa-passkey')).first().waitFor();
  const key = `${baseUrl} ${account.email}`;
  let secret = enrolledSecrets.get(key);
  if (secret && !(await page.getByTestId('mfa-qr').isVisible())) {
    // A code is accepted once per 30-s step per account: the first try may have spent this one.
    await advanceServerClock(baseUrl, 30);
  } else {
    await onSetUp?.();
    secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    // (B) issue 13.1: a QR code in the page, the secret below it in groups of four.
    expect(await page.getByTestId('mfa-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('mfa-secret').textContent()).toContain(secret.match(/.{1,4}/g)!.join(' '));
    expect(await page.getByTestId('mfa-url').textContent()).toContain('otpauth://totp/');
    enrolledSecrets.set(key, secret);
  }
  // At the server's time, which the code tests move forward.
  const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: await serverNow(baseUrl),
  });
  await page.getByTestId('mfa-code-input').fill(code);
  await page.getByTestId('mfa-submit').click();
  await page.waitForURL(/\/admin$/);
  await page.getByTestId('queue-table').waitFor();
}
