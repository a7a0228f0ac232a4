import { QueryClient, queryOptions } from '@tanstack/react-query';
import { appsApi } from '../flows/apps/api.js';
import { api } from './endpoints.js';
import type { MessageStatus, QueueQuery } from './types.js';

/**
 * The console's one data layer (TanStack Query): each server resource has one key and one
 * loader here, so every part of a page that shows it shares one request and one cached answer.
 * The language is not part of any key: switching it is no reason to ask again (errors are
 * re-translated from their codes, and every call sends the current language anyway).
 */
export const queries = {
  /**
   * The signed-in account, or null for nobody. Asked through GET /session (200 either way), not
   * GET /me (401 for nobody): a visitor's first page — /, /login, /register — logs no 401 in the
   * browser's console. The answer is the same account GET /me gives.
   */
  me: () =>
    queryOptions({
      queryKey: ['me'],
      queryFn: async () => {
        const session = await api.session();
        return session.signedIn ? session.me : null;
      },
    }),
  /** The server's configured policy values; they change only with a restart. */
  settings: () => queryOptions({ queryKey: ['settings'], queryFn: api.settings, staleTime: Infinity }),
  sessions: () => queryOptions({ queryKey: ['sessions'], queryFn: api.sessions }),
  securityEvents: (page: number, pageSize: number) =>
    queryOptions({
      queryKey: ['security-events', page, pageSize],
      queryFn: () => api.securityEvents(page, pageSize),
    }),
  certification: () => queryOptions({ queryKey: ['certification'], queryFn: api.certification }),
  apps: () => queryOptions({ queryKey: ['apps'], queryFn: appsApi.list }),
  app: (appId: string) => queryOptions({ queryKey: ['apps', appId], queryFn: () => appsApi.get(appId) }),
  keys: (appId: string) => queryOptions({ queryKey: ['apps', appId, 'keys'], queryFn: () => appsApi.keys(appId) }),
  quota: () => queryOptions({ queryKey: ['devices', 'quota'], queryFn: appsApi.quota }),
  messages: (status?: MessageStatus) =>
    queryOptions({ queryKey: ['admin', 'messages', status ?? 'all'], queryFn: () => api.messages(status) }),
  reviewQueue: (query: QueueQuery) =>
    queryOptions({ queryKey: ['review', 'queue', query], queryFn: () => api.reviewQueue(query) }),
  reviewOverview: () => queryOptions({ queryKey: ['review', 'overview'], queryFn: api.reviewOverview }),
  reviewDetail: (accountId: string) =>
    queryOptions({ queryKey: ['review', accountId], queryFn: () => api.reviewDetail(accountId) }),
};

/**
 * As the console behaved before: no silent retries (an error shows at once), no refetch on
 * window focus; a page asks again when it mounts or after a change invalidates its key.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}
