import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import type { Audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Vault } from '../../platform/vault.js';
import { createDevicesRepository } from '../devices/repository.js';
import { deviceConsoleRoutes } from '../devices/routes.js';
import { createDevicesService } from '../devices/service.js';
import { keyRoutes } from './key-routes.js';
import { createAppsRepository } from './repository.js';
import { appRoutes } from './routes.js';
import { createAppsService } from './service.js';

export interface AppsConsoleDeps {
  db: Db;
  clock: Clock;
  vault: Vault;
  audit: Audit;
  config: Config;
}

/** App management in the console (under /api/v1, session-authenticated): apps, keys, devices, quota. */
export const appsConsolePlugin: FastifyPluginAsyncTypebox<AppsConsoleDeps> = async (api, deps) => {
  const { db, clock, vault, audit, config } = deps;
  const service = createAppsService({ db, clock, vault, audit, repo: createAppsRepository() });
  const devices = createDevicesService({
    db,
    clock,
    repo: createDevicesRepository(),
    entitlements: config.entitlements,
  });
  await api.register(appRoutes, { service });
  await api.register(keyRoutes, { service });
  await api.register(deviceConsoleRoutes, { service: devices });
};
