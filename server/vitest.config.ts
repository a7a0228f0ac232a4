import { defineConfig } from 'vitest/config';

/**
 * Route tests run against PGlite always, and once more against PostgreSQL + Redis when
 * TEST_DATABASE_URL / TEST_REDIS_URL are set (CI sets both).
 *
 * Groups, one after the other: first every suite on two workers (this machine has two cores; a
 * worker keeps its databases between files, test/databases.ts), then the timing statistics
 * (issue 14) of each storage on one worker with nothing else running, so a neighbour's burst
 * cannot fall on one case of a pair more than on the other (run beside the other suites, or the
 * two storages at once, reset_password's AUC reached 0.555 on PGlite).
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
const TIMING = ['test/timing-*.test.ts'];
const shared = {
  include: ['test/**/*.test.ts'],
  // Real-process suites with their own configs: npm run test:faults, npm run test:cluster.
  exclude: ['test/faults/**', 'test/cluster/**', '**/node_modules/**', ...TIMING],
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // One module graph per worker: the app's modules load once, and test/databases.ts keeps the
  // worker's databases between files (emptied in between) instead of restoring one per file.
  isolate: false,
  maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
  sequence: { groupOrder: 0 },
};
/** The timing statistics of one storage, after everything else, alone. */
const timing = (name: string, groupOrder: number, env: Record<string, string>) => ({
  extends: true as const,
  test: {
    ...shared,
    name,
    include: TIMING,
    exclude: ['**/node_modules/**'],
    env,
    maxWorkers: 1,
    // Each file in a fresh worker: after the code statistics in the same worker, the log-in's on
    // PGlite once read 0.44 (a fresh worker: 0.486–0.497 in three runs).
    isolate: true,
    sequence: { groupOrder },
  },
});

export default defineConfig({
  test: {
    projects: [
      { extends: true as const, test: { ...shared, name: 'pglite', env: { TEST_DB_KIND: 'pglite' } } },
      timing('timing-pglite', 1, { TEST_DB_KIND: 'pglite' }),
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
            timing('timing-postgres', 2, { TEST_DB_KIND: 'postgres' }),
          ]
        : []),
    ],
  },
});
