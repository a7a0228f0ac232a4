import { defineConfig } from 'vitest/config';

// Browser tests: the built console served by the real server, driven by Chromium.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
