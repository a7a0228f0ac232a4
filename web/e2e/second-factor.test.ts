import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { GOOD_PASSWORD, uniqueEmail } from './accounts.js';
import { advanceServerClock, serverNow } from './clock.js';
import { browserPerSuite, expectOnAppManagement, logIn, logOut, signUpToAppManagement } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl } = serverUnderTest();

async function openPersonal(page: Page): Promise<void> {
  await page.getByTestId('nav-personal').click();
  await page.waitForURL('**/personal');
  await page.getByTestId('security-settings').waitFor();
}

/** The code of `secret` at the server's time (which these and other tests move). */
async function codeAt(secret: string): Promise<string> {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: await serverNow(baseUrl),
  });
}

/** 安全设置 → 开启: the QR code and key, a first code, the recovery codes shown once. */
async function turnOnTotp(page: Page): Promise<string> {
  await page.getByTestId('totp-enable').click();
  await page.getByTestId('totp-qr').waitFor();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await page.getByTestId('totp-setup-code').fill(await codeAt(secret));
  await page.getByTestId('totp-setup-submit').click();
  const codes = (await page.getByTestId('recovery-codes').innerText()).split('\n').filter(Boolean);
  expect(codes).toHaveLength(10);
  await page.getByTestId('recovery-codes-close').click();
  await expect.poll(() => page.getByTestId('totp-status').textContent()).toBe('已开启');
  // The next code must come from a later time step.
  await advanceServerClock(baseUrl, 30);
  return secret;
}

/**
 * A virtual platform authenticator in this page's browser (Chromium's DevTools WebAuthn domain):
 * resident keys and user verification, so it behaves like a passkey on a laptop.
 */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

describe.skipIf(!baseUrl)('two-factor authentication and passkeys', () => {
  const suite = browserPerSuite(baseUrl);

  test('turn on TOTP in 安全设置; the next log-in asks for the code after the password', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await signUpToAppManagement(page, baseUrl, { email });
    await openPersonal(page);
    const secret = await turnOnTotp(page);

    await logOut(page);
    await logIn(page, email, GOOD_PASSWORD);
    await page.getByTestId('second-factor-code').waitFor();
    // A wrong code is refused with the server's message; the right one opens the console.
    await page.getByTestId('second-factor-code').fill('000000');
    await page.getByTestId('second-factor-submit').click();
    await page.getByTestId('second-factor-error').waitFor();
    await page.getByTestId('second-factor-code').fill(await codeAt(secret));
    await page.getByTestId('second-factor-submit').click();
    await expectOnAppManagement(page);
  });

  test('passkeys: register one, log in with it alone, use it as the second factor, delete it', async () => {
    const page = await suite.page();
    await addVirtualAuthenticator(page);
    const email = uniqueEmail();
    await signUpToAppManagement(page, baseUrl, { email });
    await openPersonal(page);

    await page.getByTestId('passkey-add').click();
    await page.getByTestId('passkey-name').fill('笔记本');
    await page.getByTestId('passkey-add-submit').click();
    await expect.poll(() => page.getByTestId('passkey-name-cell').allTextContents()).toEqual(['笔记本']);

    // 使用通行密钥登录: no identifier, no password.
    await logOut(page);
    await page.getByTestId('login-passkey').click();
    await expectOnAppManagement(page);

    // With TOTP on, the passkey can be the second step after the password.
    await openPersonal(page);
    await turnOnTotp(page);
    await logOut(page);
    await logIn(page, email, GOOD_PASSWORD);
    await page.getByTestId('second-factor-passkey').click();
    await expectOnAppManagement(page);

    await openPersonal(page);
    await page.getByTestId('passkey-delete').click();
    await page.getByTestId('passkey-delete-confirm').click();
    await expect.poll(() => page.getByTestId('passkey-name-cell').count()).toBe(0);
    // Deleted: the passkey no longer logs in.
    await logOut(page);
    await page.getByTestId('login-passkey').click();
    await page.getByTestId('login-error').waitFor();
  });
});
