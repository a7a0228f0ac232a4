import { INDUSTRIES, type AppView, type Industry, type Locale } from '@devplat/common';
import { request } from '../../api/client.js';

export { INDUSTRIES, type Industry };

export type CertificationState = 'unsubmitted' | 'pending' | 'approved' | 'rejected';

/** The part of GET /me that App management reads. */
export interface CertificationStatus {
  type: 'enterprise' | 'personal' | null;
  state: CertificationState;
  /** Expected decision date (YYYY-MM-DD) while pending. */
  deadline: string | null;
  rejectReason: string | null;
}

/** An app as the console shows it. */
export type AppInfo = AppView;

export interface AppFields {
  name: string;
  industry: Industry;
  description: string;
}

export interface KeyInfo {
  keyId: string;
  state: 'active' | 'disabled';
  createdAt: string;
  lastUsedAt: string | null;
}

/** A key as created: the only answer that carries the AppKey. */
export interface NewKey extends KeyInfo {
  appKey: string;
}

export interface Device {
  deviceId: string;
  appId: string;
  kind: 'device' | 'gateway' | 'sub_device';
  gatewayId: string | null;
  model: string;
  name: string;
  createdAt: string;
}

export interface DevicePage {
  items: Device[];
  total: number;
  page: number;
  pageSize: number;
}

/** Devices in use (sub-devices included) and the cap; null: no cap (enterprise). */
export interface Quota {
  used: number;
  cap: number | null;
}

const app = (appId: string) => `/api/v1/apps/${encodeURIComponent(appId)}`;
const key = (appId: string, keyId: string) => `${app(appId)}/keys/${encodeURIComponent(keyId)}`;

export const appsApi = {
  certification: async (locale: Locale) =>
    (await request<{ certification: CertificationStatus }>('GET', '/api/v1/me', locale)).certification,
  list: (locale: Locale) => request<{ apps: AppInfo[] }>('GET', '/api/v1/apps', locale),
  create: (fields: AppFields, locale: Locale) =>
    request<{ app: AppInfo; key: NewKey }>('POST', '/api/v1/apps', locale, fields),
  get: (appId: string, locale: Locale) => request<AppInfo>('GET', app(appId), locale),
  update: (appId: string, fields: Partial<AppFields>, locale: Locale) =>
    request<AppInfo>('PATCH', app(appId), locale, fields),
  remove: (appId: string, locale: Locale) => request<void>('DELETE', app(appId), locale),

  keys: (appId: string, locale: Locale) => request<{ keys: KeyInfo[] }>('GET', `${app(appId)}/keys`, locale),
  addKey: (appId: string, locale: Locale) => request<NewKey>('POST', `${app(appId)}/keys`, locale, {}),
  setKeyState: (appId: string, keyId: string, action: 'disable' | 'enable', locale: Locale) =>
    request<KeyInfo>('POST', `${key(appId, keyId)}/${action}`, locale, {}),
  removeKey: (appId: string, keyId: string, locale: Locale) => request<void>('DELETE', key(appId, keyId), locale),

  devices: (page: number, pageSize: number, locale: Locale) =>
    request<DevicePage>('GET', `/api/v1/devices?page=${page}&pageSize=${pageSize}`, locale),
  quota: (locale: Locale) => request<Quota>('GET', '/api/v1/devices/quota', locale),
  removeDevice: (deviceId: string, locale: Locale) =>
    request<{ removed: number }>('DELETE', `/api/v1/devices/${encodeURIComponent(deviceId)}`, locale),
};
