import { ApiError, http, ok } from '../../api/client.js';
import type { Answer, RequestBody } from '../../api/types.js';

export type DeletionRequest = RequestBody<'requestAccountDeletion'>;
export type PendingDeletionItem = Answer<'listPendingDeletions'>['items'][number];

/** What a log-in of an account pending deletion answers (`account.pending_deletion`). */
export interface PendingDeletion {
  eraseAfter: string;
  cancelToken: string;
}

/** The pending-deletion state carried by a failed log-in, or null for any other failure. */
export function pendingDeletionOf(error: unknown): PendingDeletion | null {
  if (!(error instanceof ApiError) || error.body?.code !== 'account.pending_deletion') return null;
  const { eraseAfter, cancelToken } = error.body.details ?? {};
  return typeof eraseAfter === 'string' && typeof cancelToken === 'string' ? { eraseAfter, cancelToken } : null;
}

/** Delete my account (安全设置), its cancel at log-in, and the staff list. */
export const deletionApi = {
  sendCode: (channel?: 'sms' | 'email') => ok(http.POST('/api/v1/me/deletion/code', { body: { channel } })),
  request: (body: DeletionRequest) => ok(http.POST('/api/v1/me/deletion', { body })),
  cancel: (cancelToken: string) => ok(http.POST('/api/v1/account-deletion/cancel', { body: { cancelToken } })),
  pending: () => ok(http.GET('/api/v1/admin/deletions')),
  erase: (id: string) => ok(http.POST('/api/v1/admin/deletions/{id}/erase', { params: { path: { id } } })),
};
