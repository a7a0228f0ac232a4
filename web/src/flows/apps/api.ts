import { INDUSTRIES, type Industry } from '@devplat/common';
import { http, ok } from '../../api/client.js';
import type { AppFields } from '../../api/types.js';

export { INDUSTRIES, type Industry };

const app = (appId: string) => ({ params: { path: { appId } } });
const key = (appId: string, keyId: string) => ({ params: { path: { appId, keyId } } });

/** App management's calls (the apps and devices flows of the server). */
export const appsApi = {
  list: () => ok(http.GET('/api/v1/apps')),
  create: (fields: AppFields) => ok(http.POST('/api/v1/apps', { body: fields })),
  get: (appId: string) => ok(http.GET('/api/v1/apps/{appId}', app(appId))),
  update: (appId: string, fields: Partial<AppFields>) =>
    ok(http.PATCH('/api/v1/apps/{appId}', { ...app(appId), body: fields })),
  remove: (appId: string) => ok(http.DELETE('/api/v1/apps/{appId}', app(appId))),

  keys: (appId: string) => ok(http.GET('/api/v1/apps/{appId}/keys', app(appId))),
  addKey: (appId: string) => ok(http.POST('/api/v1/apps/{appId}/keys', app(appId))),
  setKeyState: (appId: string, keyId: string, action: 'disable' | 'enable') =>
    action === 'disable'
      ? ok(http.POST('/api/v1/apps/{appId}/keys/{keyId}/disable', key(appId, keyId)))
      : ok(http.POST('/api/v1/apps/{appId}/keys/{keyId}/enable', key(appId, keyId))),
  removeKey: (appId: string, keyId: string) => ok(http.DELETE('/api/v1/apps/{appId}/keys/{keyId}', key(appId, keyId))),

  /** One app's devices and gateways, each gateway with its sub-devices. */
  appDevices: (appId: string, page: number, pageSize: number) =>
    ok(http.GET('/api/v1/devices', { params: { query: { appId, tree: true, page, pageSize } } })),
  quota: () => ok(http.GET('/api/v1/devices/quota')),
  removeDevice: (deviceId: string) => ok(http.DELETE('/api/v1/devices/{deviceId}', { params: { path: { deviceId } } })),
};
