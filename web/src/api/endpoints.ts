import type {
  CertificationSubmit,
  CertificationView,
  CodeSent,
  DeveloperType,
  Locale,
  QueuePage,
  ReviewDetail,
} from '@devplat/common';
import { request } from './client.js';
import type { ContactKind, CurrentCodeSent, Me, SecurityEventPage, SessionInfo, Ticket, TotpSetup } from './types.js';

export type RegisterBody =
  { phone: string; code: string; password: string } | { email: string; code: string; password: string };

const contactChange = (kind: ContactKind, step: string) => `/api/v1/me/contact-changes/${kind}/${step}`;

export const api = {
  sendRegisterCode: (to: string, locale: Locale) =>
    request<CodeSent>('POST', '/api/v1/verification-codes', locale, { purpose: 'register', to }),
  register: (body: RegisterBody, locale: Locale) => request<Me>('POST', '/api/v1/accounts', locale, body),
  logIn: (identifier: string, password: string, locale: Locale) =>
    request<Me>('POST', '/api/v1/sessions', locale, { identifier, password }),
  logOut: (locale: Locale) => request<void>('DELETE', '/api/v1/sessions/current', locale),
  me: (locale: Locale) => request<Me>('GET', '/api/v1/me', locale),

  // Forgot password (signed out).
  sendResetCode: (to: string, locale: Locale) =>
    request<CodeSent>('POST', '/api/v1/verification-codes', locale, { purpose: 'reset_password', to }),
  resetTicket: (to: string, code: string, locale: Locale) =>
    request<Ticket>('POST', '/api/v1/password-reset/tickets', locale, { to, code }),
  resetPassword: (ticket: string, password: string, locale: Locale) =>
    request<void>('POST', '/api/v1/password-reset', locale, { ticket, password }),

  // Account security (signed in).
  changePassword: (currentPassword: string, newPassword: string, locale: Locale) =>
    request<{ otherSessionsEnded: number }>('PUT', '/api/v1/me/password', locale, { currentPassword, newPassword }),
  setUsername: (username: string, locale: Locale) => request<Me>('PATCH', '/api/v1/me', locale, { username }),
  sendCurrentContactCode: (kind: ContactKind, locale: Locale) =>
    request<CurrentCodeSent>('POST', contactChange(kind, 'current-code'), locale, {}),
  contactChangeTicket: (kind: ContactKind, code: string, locale: Locale) =>
    request<Ticket>('POST', contactChange(kind, 'tickets'), locale, { code }),
  sendNewContactCode: (kind: ContactKind, ticket: string, to: string, locale: Locale) =>
    request<CodeSent>('POST', contactChange(kind, 'new-code'), locale, { ticket, to }),
  completeContactChange: (kind: ContactKind, ticket: string, code: string, locale: Locale) =>
    request<Me>('POST', contactChange(kind, 'complete'), locale, { ticket, code }),

  sessions: (locale: Locale) => request<{ sessions: SessionInfo[] }>('GET', '/api/v1/me/sessions', locale),
  endSession: (id: string, locale: Locale) =>
    request<void>('DELETE', `/api/v1/me/sessions/${encodeURIComponent(id)}`, locale),
  endOtherSessions: (locale: Locale) => request<{ ended: number }>('DELETE', '/api/v1/me/sessions', locale),
  securityEvents: (page: number, pageSize: number, locale: Locale) =>
    request<SecurityEventPage>('GET', `/api/v1/me/security-events?page=${page}&pageSize=${pageSize}`, locale),

  // Developer certification.
  certification: (locale: Locale) => request<CertificationView>('GET', '/api/v1/certification', locale),
  submitCertification: (body: CertificationSubmit, locale: Locale) =>
    request<CertificationView>('PUT', '/api/v1/certification', locale, body),

  // Staff: second factor, then the review console.
  firstPassword: (body: { currentPassword: string; newPassword: string }, locale: Locale) =>
    request<void>('POST', '/api/v1/sessions/current/first-password', locale, body),
  totpSetup: (locale: Locale) => request<TotpSetup>('POST', '/api/v1/sessions/current/totp/setup', locale, {}),
  totpVerify: (code: string, locale: Locale) =>
    request<void>('POST', '/api/v1/sessions/current/totp', locale, { code }),
  reviewQueue: (query: QueueQuery, locale: Locale) =>
    request<QueuePage>('GET', `/api/v1/admin/certifications?${queueParams(query)}`, locale),
  reviewDetail: (accountId: string, locale: Locale) => request<ReviewDetail>('GET', admin(accountId), locale),
  reveal: (accountId: string, locale: Locale) =>
    request<{ identity: string }>('POST', `${admin(accountId)}/reveal`, locale, {}),
  decide: (accountId: string, body: DecisionBody, locale: Locale) =>
    request<ReviewDetail>('POST', `${admin(accountId)}/decision`, locale, body),
  disableAccount: (accountId: string, locale: Locale) =>
    request<void>('POST', `/api/v1/admin/accounts/${encodeURIComponent(accountId)}/disable`, locale, {}),
};

export interface QueueQuery {
  state?: 'pending' | 'approved' | 'rejected';
  type?: DeveloperType;
  q?: string;
  page: number;
  pageSize: number;
}

export interface DecisionBody {
  version: number;
  decision: 'approved' | 'rejected';
  reason?: string;
}

const admin = (accountId: string) => `/api/v1/admin/certifications/${encodeURIComponent(accountId)}`;

function queueParams(query: QueueQuery): string {
  const params = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize) });
  if (query.state) params.set('state', query.state);
  if (query.type) params.set('type', query.type);
  const q = query.q?.trim();
  if (q) params.set('q', q);
  return params.toString();
}
