import { http, ok } from './client.js';
import type {
  CertificationSubmit,
  ContactKind,
  DecisionBody,
  MessageStatus,
  QueueQuery,
  RegisterBody,
} from './types.js';

const contact = (kind: ContactKind) => ({ params: { path: { kind } } });
const account = (accountId: string) => ({ params: { path: { accountId } } });

/** The console's calls; each sends the current UI language (see client.ts). */
export const api = {
  settings: () => ok(http.GET('/api/v1/settings')),
  /** `challenge`: the solved proof-of-work (components/useChallenge.tsx). */
  sendRegisterCode: (to: string, challenge?: string) =>
    ok(http.POST('/api/v1/verification-codes', { body: { purpose: 'register', to, challenge } })),
  register: (body: RegisterBody) => ok(http.POST('/api/v1/accounts', { body })),
  logIn: (identifier: string, password: string, challenge?: string) =>
    ok(http.POST('/api/v1/sessions', { body: { identifier, password, challenge } })),
  logOut: () => ok(http.DELETE('/api/v1/sessions/current')),
  /** 200 either way: the signed-out pages ask this, so no 401 shows in the browser console. */
  session: () => ok(http.GET('/api/v1/session')),

  // Password reset (signed out).
  sendResetCode: (to: string, challenge?: string) =>
    ok(http.POST('/api/v1/verification-codes', { body: { purpose: 'reset_password', to, challenge } })),
  resetTicket: (to: string, code: string) => ok(http.POST('/api/v1/password-reset/tickets', { body: { to, code } })),
  resetPassword: (ticket: string, password: string) =>
    ok(http.POST('/api/v1/password-reset', { body: { ticket, password } })),

  // Account security (signed in).
  changePassword: (currentPassword: string, newPassword: string) =>
    ok(http.PUT('/api/v1/me/password', { body: { currentPassword, newPassword } })),
  setUsername: (username: string) => ok(http.PATCH('/api/v1/me', { body: { username } })),
  /** The language of the messages (SMS, email) this account receives. */
  setMessageLocale: (locale: 'zh-CN' | 'en') => ok(http.PUT('/api/v1/me/locale', { body: { locale } })),
  sendCurrentContactCode: (kind: ContactKind) =>
    ok(http.POST('/api/v1/me/contact-changes/{kind}/current-code', contact(kind))),
  contactChangeTicket: (kind: ContactKind, code: string) =>
    ok(http.POST('/api/v1/me/contact-changes/{kind}/tickets', { ...contact(kind), body: { code } })),
  sendNewContactCode: (kind: ContactKind, ticket: string, to: string) =>
    ok(http.POST('/api/v1/me/contact-changes/{kind}/new-code', { ...contact(kind), body: { ticket, to } })),
  completeContactChange: (kind: ContactKind, ticket: string, code: string) =>
    ok(http.POST('/api/v1/me/contact-changes/{kind}/complete', { ...contact(kind), body: { ticket, code } })),

  sessions: () => ok(http.GET('/api/v1/me/sessions')),
  endSession: (id: string) => ok(http.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } })),
  endOtherSessions: () => ok(http.DELETE('/api/v1/me/sessions')),
  securityEvents: (page: number, pageSize: number) =>
    ok(http.GET('/api/v1/me/security-events', { params: { query: { page, pageSize } } })),

  // Developer certification.
  certification: () => ok(http.GET('/api/v1/certification')),
  submitCertification: (body: CertificationSubmit) => ok(http.PUT('/api/v1/certification', { body })),

  // Staff: second factor, then the review console.
  firstPassword: (body: { currentPassword: string; newPassword: string }) =>
    ok(http.POST('/api/v1/sessions/current/first-password', { body })),
  totpSetup: () => ok(http.POST('/api/v1/sessions/current/totp/setup')),
  totpVerify: (code: string) => ok(http.POST('/api/v1/sessions/current/totp', { body: { code } })),
  reviewQueue: (query: QueueQuery) =>
    ok(http.GET('/api/v1/admin/certifications', { params: { query: queueParams(query) } })),
  reviewOverview: () => ok(http.GET('/api/v1/admin/overview')),
  reviewDetail: (accountId: string) => ok(http.GET('/api/v1/admin/certifications/{accountId}', account(accountId))),
  /** The current submission's full number, or an earlier one's (`submissionId` from the history). */
  reveal: (accountId: string, submissionId?: string) =>
    ok(
      http.POST('/api/v1/admin/certifications/{accountId}/reveal', {
        ...account(accountId),
        body: submissionId ? { submissionId } : {},
      }),
    ),
  decide: (accountId: string, body: DecisionBody) =>
    ok(http.POST('/api/v1/admin/certifications/{accountId}/decision', { ...account(accountId), body })),
  /** Admins: recent messages of the outbox, optionally of one status. */
  messages: (status?: MessageStatus) =>
    ok(http.GET('/api/v1/admin/messages', { params: { query: status ? { status } : {} } })),
  disableAccount: (accountId: string) =>
    ok(http.POST('/api/v1/admin/accounts/{accountId}/disable', account(accountId))),
};

/** Only what is set goes into the query string; a blank search is no search. */
function queueParams(query: QueueQuery): QueueQuery {
  const q = query.q?.trim();
  return {
    page: query.page,
    pageSize: query.pageSize,
    ...(query.state ? { state: query.state } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(q ? { q } : {}),
  };
}
