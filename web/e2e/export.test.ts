import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { GOOD_PASSWORD, uniqueEmail } from './accounts.js';
import { browserPerSuite, signUpToAppManagement } from './steps.js';
import { serverUnderTest } from './server.js';

const { baseUrl } = serverUnderTest();

/** A small PDF the upload check accepts (no active content); PDFs are kept byte for byte. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Every file of a zip by name, read with yauzl. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const files = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    });
  });
}

async function openPersonal(page: Page): Promise<void> {
  await page.getByTestId('nav-personal').click();
  await page.waitForURL('**/personal');
  await page.getByTestId('security-settings').waitFor();
}

describe.skipIf(!baseUrl)('export my data (个人中心 → 安全设置)', () => {
  const suite = browserPerSuite(baseUrl);

  test('the password opens the download; the zip holds data.json and the uploaded file; once an hour, in English too', async () => {
    const page = await suite.page();
    const email = uniqueEmail();
    await signUpToAppManagement(page, baseUrl, { email });
    // An uploaded file, through the API in this browser's session.
    const uploaded = await page.request.post('/api/v1/certification/uploads?kind=business_licence', {
      headers: { origin: baseUrl },
      multipart: { file: { name: 'licence.pdf', mimeType: 'application/pdf', buffer: PDF } },
    });
    expect(uploaded.status()).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;

    await openPersonal(page);
    await page.getByTestId('export-data').click();
    await page.getByTestId('export-dialog-password').fill('wrong-password-123');
    await page.getByTestId('export-dialog-submit').click();
    expect(await page.getByTestId('export-dialog-error').textContent()).toContain('原密码错误');

    await page.getByTestId('export-dialog-password').fill(GOOD_PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-dialog-submit').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^devplat-export-.+-\d{8}\.zip$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const files = await unzip(Buffer.concat(chunks));

    const data = JSON.parse(files.get('data.json')!.toString('utf8')) as {
      contacts: { email: string };
      certification: { files: { id: string; path: string }[] };
      securityHistory: { event: string }[];
    };
    expect(data.contacts.email).toBe(email);
    expect(data.securityHistory.map((e) => e.event)).toContain('account.registered');
    const entry = data.certification.files.find((f) => f.id === fileId)!;
    expect(files.get(entry.path)!.equals(PDF)).toBe(true);

    // The export shows in 安全记录.
    await page.reload();
    await page.getByTestId('history-event').first().waitFor();
    await expect
      .poll(() => page.getByTestId('history-event').allTextContents(), { timeout: 30_000 })
      .toContain('导出个人数据');

    // Once an hour: the second try is refused, in the console's language (English here).
    await page.getByTestId('language-en').click();
    await page.getByText('Export my data').first().waitFor();
    await page.getByTestId('export-data').click();
    await page.getByTestId('export-dialog-password').fill(GOOD_PASSWORD);
    await page.getByTestId('export-dialog-submit').click();
    expect(await page.getByTestId('export-dialog-error').textContent()).toContain(
      'Your data can be exported once an hour',
    );
  });
});
