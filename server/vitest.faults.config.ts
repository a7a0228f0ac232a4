import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: fault tests against real processes (a throwaway PostgreSQL cluster, a
 * redis-server and server nodes on their own ports; test/procs). One file at a time: each starts
 * its own processes, and the machine's two cores are shared.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
