import type { SecurityHistoryRepository } from './repository.js';

/** A developer's own security history (PRODUCT "Security events"): only their own events, newest first. */
export function createSecurityHistoryService(deps: { repo: SecurityHistoryRepository }) {
  const { repo } = deps;
  return {
    page: (accountId: string, page: number, pageSize: number) => repo.page(accountId, page, pageSize),
  };
}

export type SecurityHistoryService = ReturnType<typeof createSecurityHistoryService>;
