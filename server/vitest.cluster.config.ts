import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: several nodes behind nginx (a throwaway PostgreSQL cluster, a
 * redis-server and server nodes on their own ports; test/procs). One file at a time: each starts
 * its own processes, and the machine's two cores are shared.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
