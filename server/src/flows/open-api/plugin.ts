import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Vault } from '../../platform/vault.js';
import { createAppsRepository } from '../apps/repository.js';
import { createDevicesRepository } from '../devices/repository.js';
import { createDevicesService } from '../devices/service.js';
import { createOpenApiAuth, MAX_SKEW_SECONDS } from './auth.js';
import { createNonceStore } from './nonces.js';
import { openApiRoutes } from './routes.js';

export interface OpenApiDeps {
  db: Db;
  redis: Redis | null;
  clock: Clock;
  vault: Vault;
  config: Config;
  /** Keeps nonce keys of deployments (or tests) sharing one Redis apart. */
  keyPrefix: string;
}

/** The signed open API for apps; register with `prefix: '/open/v1'`. */
export const openApiPlugin: FastifyPluginAsyncTypebox<OpenApiDeps> = async (app, deps) => {
  const { db, redis, clock, vault, config, keyPrefix } = deps;
  const nonces = createNonceStore({ redis, db, clock, prefix: keyPrefix, ttlSeconds: 2 * MAX_SKEW_SECONDS });
  const auth = createOpenApiAuth({ db, clock, vault, apps: createAppsRepository(), nonces });
  const devices = createDevicesService({
    db,
    clock,
    repo: createDevicesRepository(),
    entitlements: config.entitlements,
  });
  await app.register(openApiRoutes, { auth, devices });
};
