import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import { ConsoleDeviceQuery, DeviceParams, DevicePageSchema, QuotaSchema } from './schemas.js';
import type { DevicesService } from './service.js';

const tags = ['devices'];

/** The developer's devices in the console: every app's, sub-devices included, and the quota. */
export const deviceConsoleRoutes: FastifyPluginAsyncTypebox<{ service: DevicesService }> = async (app, { service }) => {
  app.get(
    '/devices',
    {
      schema: {
        tags,
        summary:
          'Own devices, newest first, paged: of all apps or one (appId); flat, or gateways with their sub-devices (tree)',
        querystring: ConsoleDeviceQuery,
        response: { 200: DevicePageSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { appId, tree, page, pageSize } = request.query;
      return service.consoleList(
        { ownerId: signedIn(request).accountId, appId: appId ?? null, topLevel: tree === true },
        page,
        pageSize,
      );
    },
  );

  app.get(
    '/devices/quota',
    {
      schema: {
        tags,
        summary: 'Devices in use (sub-devices included) and the cap; cap null means none (enterprise)',
        response: { 200: QuotaSchema, ...errors(401) },
      },
    },
    async (request) => service.quota(signedIn(request).accountId),
  );

  app.delete(
    '/devices/:deviceId',
    {
      schema: {
        tags,
        summary: 'Remove an own device (a gateway with its sub-devices); frees its quota',
        params: DeviceParams,
        response: { 200: Type.Object({ removed: Type.Integer() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.remove({ ownerId: signedIn(request).accountId }, request.params.deviceId),
  );
};
