import { defineConfig } from 'vitest/config';

/**
 * Route tests run against PGlite always, and once more against PostgreSQL + Redis when
 * TEST_DATABASE_URL / TEST_REDIS_URL are set (CI sets both).
 */
const postgres = process.env.TEST_DATABASE_URL;
/** Route tests that use the limiters, sessions and nonces: what changes between Redis and none. */
const NO_REDIS_SUBSET = [
  'test/codes.test.ts',
  'test/login.test.ts',
  'test/registration.test.ts',
  'test/sessions.test.ts',
  'test/open-api.test.ts',
  'test/devices.test.ts',
  'test/platform.test.ts',
  'test/password-reset.test.ts',
];
const shared = {
  include: ['test/**/*.test.ts'],
  // Real-process suites with their own configs: npm run test:faults, npm run test:cluster.
  exclude: ['test/faults/**', 'test/cluster/**', '**/node_modules/**'],
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // One module graph per worker: the app's modules load once, and test/databases.ts keeps the
  // worker's databases between files (emptied in between) instead of restoring one per file.
  isolate: false,
};

export default defineConfig({
  test: {
    projects: [
      { extends: true as const, test: { ...shared, name: 'pglite', env: { TEST_DB_KIND: 'pglite' } } },
      ...(postgres
        ? [
            { extends: true as const, test: { ...shared, name: 'postgres', env: { TEST_DB_KIND: 'postgres' } } },
            // PostgreSQL without Redis (issue 11): the limiters and nonces on their single-node
            // and database paths. The route tests whose storage and limits differ with Redis, not
            // the whole suite a third time (CI time); the pure ones (fuzz, checksums, config…) gain nothing.
            {
              extends: true as const,
              test: {
                ...shared,
                name: 'postgres-noredis',
                include: NO_REDIS_SUBSET,
                env: { TEST_DB_KIND: 'postgres', TEST_REDIS_URL: '' },
              },
            },
          ]
        : []),
    ],
  },
});
