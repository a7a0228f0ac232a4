import type { CodeSent, Locale, Me } from '@devplat/common';
import { request } from './client.js';

export type RegisterBody =
  { phone: string; code: string; password: string } | { email: string; code: string; password: string };

export const api = {
  sendRegisterCode: (to: string, locale: Locale) =>
    request<CodeSent>('POST', '/api/v1/verification-codes', locale, { purpose: 'register', to }),
  register: (body: RegisterBody, locale: Locale) => request<Me>('POST', '/api/v1/accounts', locale, body),
  logIn: (identifier: string, password: string, locale: Locale) =>
    request<Me>('POST', '/api/v1/sessions', locale, { identifier, password }),
  logOut: (locale: Locale) => request<void>('DELETE', '/api/v1/sessions/current', locale),
  me: (locale: Locale) => request<Me>('GET', '/api/v1/me', locale),
};
