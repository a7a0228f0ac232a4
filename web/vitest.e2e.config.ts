import { defineConfig } from 'vitest/config';
import { E2E_WORKERS } from './e2e/workers.js';

// Browser tests: the built console served by the real server, driven by Chromium.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // Prints each failed attempt's error: a retry that passes would hide it.
    setupFiles: ['e2e/report-retries.ts'],
    // E2E_WORKERS files at once, each worker on its own server (e2e/server.ts).
    maxWorkers: E2E_WORKERS,
    // A worker keeps its modules between files (playwright-core and the helpers load once per
    // worker, not once per file); each file still launches its own browser and makes its own
    // accounts, and the helpers keep no state between files but the TOTP secrets staffLogIn
    // enrolled on the worker's own server.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll gives a page 10 s (its default is 1 s): a loaded 2-core runner renders a table
    // row after a WebAuthn ceremony in more than a second (seen in the passkey test).
    expect: { poll: { timeout: 10_000 } },
    // On CI's 2-core runner one browser step now and then misses its wait (a click during a
    // re-render, a row after a ceremony); a test failing twice in a row is a real failure.
    retry: process.env.CI ? 1 : 0,
  },
});
