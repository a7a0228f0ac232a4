import type { SecurityHistoryRepository } from './repository.js';

/** A developer's own security history (PRODUCT "Security events"): only their own events, newest first. */
export function createSecurityHistoryService(deps: { repo: SecurityHistoryRepository }) {
  const { repo } = deps;
  return {
    /**
     * What staff did to the account (reveal, decision, disable) shows as done by the platform's
     * reviewer: the reviewer's own IP and browser are theirs, not the developer's to see.
     */
    async page(accountId: string, page: number, pageSize: number) {
      const result = await repo.page(accountId, page, pageSize);
      return {
        ...result,
        items: result.items.map((e) => (e.actor === 'staff' ? { ...e, ip: null, userAgent: null } : e)),
      };
    },
  };
}

export type SecurityHistoryService = ReturnType<typeof createSecurityHistoryService>;
