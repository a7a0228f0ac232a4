import { inject } from 'vitest';
import type { ServerUnderTest } from './global-setup.js';

/**
 * The server under test of this test worker (e2e/global-setup.ts starts one per worker):
 * VITEST_POOL_ID numbers the workers running at once from 1, so two files that run at the same
 * time never share a server, its clock or its database. When the browser tests are skipped, one
 * with an empty baseUrl (the suites skip on it) and empty accounts.
 */
export function serverUnderTest(): ServerUnderTest {
  const servers = inject('servers');
  if (servers.length === 0) {
    const none = { email: '', password: '' };
    return {
      baseUrl: '',
      staff: { reviewer: none, admin: none },
      appsReviewer: none,
      walkReviewer: none,
      auditAdmin: none,
      walkAdmin: none,
    };
  }
  const id = Number(process.env.VITEST_POOL_ID ?? 1);
  // Never two workers on one server: a pool id past the servers would mean vitest runs more files
  // at once than maxWorkers says.
  const server = servers[id - 1];
  if (!server) throw new Error(`no server under test for worker ${id} of ${servers.length} (E2E_WORKERS)`);
  return server;
}
