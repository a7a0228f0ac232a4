import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** /usr/bin/chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Every test's browser profile: the console in zh-CN, and reduced motion asked for, so antd's
 * dialogs and pop-ups open at once. With their zoom animation a click computed from a button's
 * box mid-animation now and then hit the dialog beside the button on a loaded machine, and did
 * nothing (three tests, in three of five full runs with three workers).
 */
export const CONTEXT_OPTIONS = (baseUrl: string) =>
  ({ baseURL: baseUrl, locale: 'zh-CN', reducedMotion: 'reduce' }) as const;

let currentPage: Page | null = null;
/** What the current page asked the API and printed, kept to explain a failure (closePage). */
let currentLog: string[] = [];

/** A fresh browser profile (no cookies, no stored language) for each test. */
export async function freshPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext(CONTEXT_OPTIONS(baseUrl));
  // Generous: the machine may be busy, and the server hashes passwords with argon2id.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const started = Date.now();
  // Each page its own lines: a second page of the same test does not mix its events into the first's.
  const lines: string[] = [];
  const log = (line: string) => lines.push(`${String(Date.now() - started).padStart(6)} ms ${line}`);
  currentLog = lines;
  // Requests too: one the server never answered shows as sent with no status after it.
  page.on('request', (r) => {
    if (r.url().includes('/api/')) log(`sent ${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('/api/')) log(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('requestfailed', (r) => log(`failed ${r.method()} ${new URL(r.url()).pathname}: ${r.failure()?.errorText}`));
  page.on('console', (m) => log(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  currentPage = page;
  return page;
}

/** For afterEach: a screenshot of a failed test's page in web/test-results/, then close it. */
export async function closePage(task: { name: string; result?: { state?: string } }): Promise<void> {
  const page = currentPage;
  currentPage = null;
  if (!page || page.isClosed()) return;
  if (task.result?.state === 'fail') {
    const file = path.join(resultsDir, `${task.name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failed test: ${file}\nwhat the page asked and printed:\n${currentLog.join('\n')}`);
  }
  await page.context().close();
}

const resultsDir = path.resolve(import.meta.dirname, '..', 'test-results');
