import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { signRequest } from '../../clients/open-api-signing/client.js';
import { GOOD_PASSWORD, uniqueEmail } from './accounts.js';
import { serverNow } from './clock.js';
import { codeSent, readCodeSince, solvedChallenge } from './codes.js';
import { browserPerSuite, logIn } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl, appsReviewer: reviewer } = serverUnderTest();

/** One API caller with its own cookies; mutations carry the console's Origin. */
class Actor {
  private cookies = new Map<string, string>();

  async call<T>(method: string, path: string, body?: unknown, expected = [200, 201, 202, 204]): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', Origin: baseUrl };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** A resident ID number with a real birth date and its GB 11643 (ISO 7064 MOD 11-2) check character. */
function residentId(): string {
  const birth = `${1970 + randomInt(30)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}`;
  const body = `110105${birth}${String(randomInt(1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return body + '10X98765432'.charAt(sum % 11);
}

async function photo(kind: 'id_front' | 'id_back', developer: Actor): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a8c4a' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `${kind}.png`);
  const { id } = await developer.call<{ id: string }>('POST', `/api/v1/certification/uploads?kind=${kind}`, form);
  return id;
}

/** Signs up through the API (code from the dev outbox) and submits a personal certification. */
async function pendingPersonalDeveloper(email: string): Promise<{ developer: Actor; accountId: string }> {
  const developer = new Actor();
  const challenge = await solvedChallenge(baseUrl);
  const since = await serverNow(baseUrl);
  await developer.call('POST', '/api/v1/verification-codes', { purpose: 'register', to: email, challenge });
  codeSent(email, since);
  const code = await readCodeSince(baseUrl, email, since);
  const me = await developer.call<{ id: string }>('POST', '/api/v1/accounts', { email, code, password: GOOD_PASSWORD });
  const { consentVersion } = await developer.call<{ consentVersion: string }>('GET', '/api/v1/certification');
  await developer.call('PUT', '/api/v1/certification', {
    type: 'personal',
    realName: '王小明',
    idNumber: residentId(),
    contactPhone: '+8613900139000',
    idFrontFileId: await photo('id_front', developer),
    idBackFileId: await photo('id_back', developer),
    consent: true,
    consentVersion,
  });
  return { developer, accountId: me.id };
}

/** The test's own reviewer: first log-in sets up TOTP, then approves the submission. */
async function approve(accountId: string): Promise<void> {
  const staff = new Actor();
  const login = await staff.call<{ mfa?: string }>('POST', '/api/v1/sessions', {
    identifier: reviewer.email,
    password: reviewer.password,
  });
  expect(login.mfa).toBe('setup');
  const { secret } = await staff.call<{ secret: string }>('POST', '/api/v1/sessions/current/totp/setup', {});
  // At the server's time, which the code tests move forward.
  const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: await serverNow(baseUrl),
  });
  await staff.call('POST', '/api/v1/sessions/current/totp', { code });
  const { version } = await staff.call<{ version: number }>('GET', `/api/v1/admin/certifications/${accountId}`);
  await staff.call('POST', `/api/v1/admin/certifications/${accountId}/decision`, { version, decision: 'approved' });
}

interface Credentials {
  appId: string;
  keyId: string;
  appKey: string;
}

/** What the app's own backend would do: signed calls to /open/v1 (no cookie, no Origin). */
async function openApi(creds: Credentials, method: string, path: string, body?: unknown): Promise<Response> {
  const signed = signRequest({ ...creds, method, path, body });
  // Our bodies are JSON objects: signRequest hands back the exact string it signed.
  const sent = typeof signed.body === 'string' ? signed.body : undefined;
  return fetch(`${baseUrl}${signed.url}`, { method: signed.method, headers: signed.headers, body: sent });
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** The page's whole HTML (text and attributes) must not carry the AppKey. */
async function expectNoKey(page: Page, appKey: string): Promise<void> {
  expect(await page.content()).not.toContain(appKey);
}

async function readSecret(page: Page): Promise<Credentials> {
  await page.getByTestId('secret-modal').waitFor();
  const creds = {
    appId: await text(page, 'secret-app-id'),
    keyId: await text(page, 'secret-key-id'),
    appKey: await text(page, 'secret-app-key'),
  };
  expect(creds.appKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await text(page, 'secret-modal')).toMatch(/只显示这一次/);
  return creds;
}

async function closeSecret(page: Page): Promise<void> {
  await page.getByTestId('secret-close').click();
  await page.getByTestId('secret-modal').waitFor({ state: 'detached' });
}

/** Clicks the visible confirm button of an open Popconfirm. */
async function confirm(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"]:visible`).click();
}

/** What the first test leaves for the second: the approved developer and their app's first key. */
let made: { email: string; creds: Credentials; tag: string } | null = null;

describe.skipIf(!baseUrl)('App management', () => {
  const suite = browserPerSuite(baseUrl);

  test('pending → approved; create an app, its AppKey shown once; a script registers devices; quota and devices in the console', async () => {
    const email = uniqueEmail();
    const { accountId } = await pendingPersonalDeveloper(email);

    // Under review: the page says why, with the expected date, and creating is off.
    const page = await suite.page();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.goto('/login');
    await logIn(page, email, GOOD_PASSWORD);
    await page.waitForURL('**/apps');
    await page.locator('[data-testid="apps-locked"][data-state="pending"]').waitFor();
    expect(await text(page, 'apps-locked')).toMatch(/预计 .+ 前给出结果/);
    expect(await page.getByTestId('apps-create').isDisabled()).toBe(true);
    await page.getByTestId('apps-empty').waitFor();

    await approve(accountId);
    await page.reload();
    await page.getByTestId('device-quota').waitFor();
    expect(await text(page, 'device-quota')).toBe('0 / 300');
    expect(await page.getByTestId('apps-locked').count()).toBe(0);

    // 创建应用: name, industry (zh-CN label), description; the name is shown as text.
    const name = `<i>温控</i> ${randomInt(1e6)}`;
    await page.getByTestId('apps-create').click();
    await page.getByTestId('app-form-name').fill(name);
    await page.getByTestId('app-form-industry').click();
    await page.locator('.ant-select-item-option[title="智能家居"]').click();
    await page.getByTestId('app-form-description').fill('e2e 测试应用');
    await page.getByTestId('app-form-submit').click();

    const creds = await readSecret(page);
    expect(creds.appId).toMatch(/^app_[a-z2-7]{16}$/);
    expect(creds.keyId).toMatch(/^key_[a-z2-7]{16}$/);
    await page.getByTestId('secret-copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
    if (copied !== null) expect(copied).toBe(creds.appKey);
    await closeSecret(page);
    await expectNoKey(page, creds.appKey);
    expect(await text(page, 'app-link')).toBe(name);
    expect(await text(page, 'app-row-id')).toBe(creds.appId);

    // The app's backend registers a device and a gateway with two sub-devices.
    const tag = randomBytes(4).toString('hex');
    const single = await openApi(creds, 'POST', '/open/v1/devices', {
      deviceId: `th-${tag}`,
      model: 'TH-100',
      name: 'Room 301',
    });
    expect(single.status).toBe(201);
    const gateway = await openApi(creds, 'POST', '/open/v1/gateways', {
      gateway: { deviceId: `gw-${tag}`, model: 'GW-1', name: 'Hall gateway' },
      subDevices: [
        { deviceId: `sub-${tag}-1`, model: 'PIR-2', name: 'Motion 1' },
        { deviceId: `sub-${tag}-2`, model: 'PIR-2', name: 'Motion 2' },
      ],
    });
    expect(gateway.status).toBe(201);

    // The console: the app with its key (used now), the four devices and the quota.
    await page.getByTestId('app-link').click();
    await page.waitForURL(`**/apps/${creds.appId}`);
    await page.getByTestId('device-id').nth(3).waitFor();
    const ids = await page.getByTestId('device-id').allTextContents();
    expect(ids.sort()).toEqual([`gw-${tag}`, `sub-${tag}-1`, `sub-${tag}-2`, `th-${tag}`].sort());
    // (issue 13.11) A tree table: the sub-devices nest under their gateway, one level down.
    const nested = await page.locator('tr.ant-table-row-level-1 [data-testid="device-id"]').allTextContents();
    expect(nested.sort()).toEqual([`sub-${tag}-1`, `sub-${tag}-2`]);
    const top = await page.locator('tr.ant-table-row-level-0 [data-testid="device-id"]').allTextContents();
    expect(top.sort()).toEqual([`gw-${tag}`, `th-${tag}`].sort());
    expect(await text(page, 'device-quota')).toBe('4 / 300');
    expect(await text(page, 'app-detail-id')).toBe(creds.appId);
    expect(await text(page, 'key-id')).toBe(creds.keyId);
    expect(await page.getByTestId('key-row-' + creds.keyId).textContent()).not.toContain('从未使用');
    await expectNoKey(page, creds.appKey);

    // A refresh, and the list page, never show the AppKey again.
    await page.reload();
    await page.getByTestId('device-id').nth(3).waitFor();
    await expectNoKey(page, creds.appKey);
    await page.getByTestId('app-back').click();
    await page.getByTestId('app-link').waitFor();
    expect(await text(page, 'device-quota')).toBe('4 / 300');
    // (issue 13.13) App management shows the usage against the cap as a progress bar.
    const bar = page.getByTestId('device-quota-bar');
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeCloseTo((4 / 300) * 100, 1);
    await expectNoKey(page, creds.appKey);

    // 个人中心 shows the quota too.
    await page.getByTestId('nav-personal').click();
    await page.getByTestId('personal-device-quota').waitFor();
    expect(await text(page, 'personal-device-quota')).toBe('4 / 300');
    await expectNoKey(page, creds.appKey);
    made = { email, creds, tag };
  });

  test('keys (added once, disabled, enabled, deleted), edit, remove a gateway with its sub-devices, delete the app', async () => {
    if (!made) throw new Error('the first test did not finish');
    const { email, creds, tag } = made;
    const page = await suite.page();
    await page.goto('/login');
    await logIn(page, email, GOOD_PASSWORD);
    await page.waitForURL('**/apps');
    await page.goto(`/apps/${creds.appId}`);
    await page.getByTestId('device-id').nth(3).waitFor();

    // 新增密钥: shown once in the same dialog, then gone.
    await page.getByTestId('keys-add').click();
    const second = await readSecret(page);
    expect(second.appId).toBe(creds.appId);
    expect(second.keyId).not.toBe(creds.keyId);
    await closeSecret(page);
    await expectNoKey(page, second.appKey);
    const row = page.getByTestId(`key-row-${second.keyId}`);
    await row.waitFor();
    expect((await openApi(second, 'GET', '/open/v1/devices')).status).toBe(200);

    // 停用: signed calls fail at once; 启用 again; 删除: unknown from then on.
    await row.getByTestId('key-disable').click();
    await confirm(page, 'key-disable-confirm');
    await row.locator('[data-testid="key-state"][data-state="disabled"]').waitFor();
    const disabled = await openApi(second, 'GET', '/open/v1/devices');
    expect(disabled.status).toBe(401);
    expect(((await disabled.json()) as { code: string }).code).toBe('open_api.key_disabled');
    await row.getByTestId('key-enable').click();
    await row.locator('[data-testid="key-state"][data-state="active"]').waitFor();
    await row.getByTestId('key-delete').click();
    await confirm(page, 'key-delete-confirm');
    await row.waitFor({ state: 'detached' });
    const deleted = await openApi(second, 'GET', '/open/v1/devices');
    expect(((await deleted.json()) as { code: string }).code).toBe('open_api.key_invalid');

    // 编辑: the new name shows as text.
    await page.getByTestId('app-edit').click();
    await page.getByTestId('app-form-name').fill('楼宇网关应用');
    await page.getByTestId('app-form-submit').click();
    await page.getByText('楼宇网关应用', { exact: true }).first().waitFor();

    // 移除 the gateway: its sub-devices go with it and the quota frees.
    await page.getByTestId(`device-row-gw-${tag}`).getByTestId('device-remove').click();
    await confirm(page, 'device-remove-confirm');
    await page.getByTestId('device-id').nth(1).waitFor({ state: 'detached' });
    expect(await page.getByTestId('device-id').allTextContents()).toEqual([`th-${tag}`]);
    await page.locator('[data-testid="device-quota"]', { hasText: '1 / 300' }).waitFor();

    // 删除应用: back on the list, empty, the quota freed and the first key unknown.
    await page.getByTestId('app-delete').click();
    await confirm(page, 'app-delete-confirm');
    await page.waitForURL(/\/apps$/);
    await page.getByTestId('apps-empty').waitFor();
    await page.locator('[data-testid="device-quota"]', { hasText: '0 / 300' }).waitFor();
    const gone = await openApi(creds, 'GET', '/open/v1/devices');
    expect(((await gone.json()) as { code: string }).code).toBe('open_api.key_invalid');
    await expectNoKey(page, creds.appKey);
  });
});
