import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { keyedLimit } from '../../platform/http/rate-limit.js';
import { errors } from '../../platform/http/schemas.js';
import {
  DeviceParams,
  DevicePageSchema,
  DeviceSchema,
  GatewayBody,
  NewDeviceSchema,
  PageQuery,
} from '../devices/schemas.js';
import type { AppCaller, DevicesService } from '../devices/service.js';
import type { OpenApiAuth } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes exactly as received: the signature covers them, not the parsed JSON. */
    rawBody?: Buffer;
    /** The app a signed open API request comes from (set by the signature check). */
    openApp: AppCaller | null;
  }
}

const tags = ['open-api'];
const description =
  'Signed with X-App-Id, X-Key-Id, X-Nonce, X-Timestamp and X-Signature (see docs/open-api.md); failures are coded 401s.';

function caller(request: FastifyRequest): AppCaller {
  if (!request.openApp) throw new Error('open API route reached without a verified signature');
  return request.openApp;
}

/**
 * The signed open API for apps (register it under /open/v1). Outside /api, so the session guard
 * does not apply: every route here is authenticated by its signature instead. Encapsulated, so
 * its raw-body JSON parser does not touch the rest of the server.
 */
export const openApiRoutes: FastifyPluginAsyncTypebox<{
  auth: OpenApiAuth;
  devices: DevicesService;
  /** Calls per app per minute (RATE_LIMIT_OPEN_API_PER_MINUTE). */
  perAppPerMinute: number;
}> = async (app, { auth, devices, perAppPerMinute }) => {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    parseJson(request, (body as Buffer).toString('utf8'), done);
  });
  app.decorateRequest('openApp', null);
  // Before validation: an unsigned request learns nothing about what a valid body looks like.
  app.addHook('preValidation', async (request) => {
    request.openApp = await auth(request, request.rawBody ?? Buffer.alloc(0));
  });
  // Per app, once the signature proved which app it is: nobody can spend another app's budget.
  app.addHook(
    'preHandler',
    keyedLimit(app, { perMinute: perAppPerMinute, key: (request) => `app:${caller(request).appId}` }),
  );

  app.post(
    '/devices',
    {
      schema: {
        tags,
        summary: 'Register one device (device ID unique across the platform; counts against the quota)',
        description,
        body: NewDeviceSchema,
        response: { 201: DeviceSchema, ...errors(400, 401, 403, 429, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await devices.registerDevice(caller(request), request.body)),
  );

  app.post(
    '/gateways',
    {
      schema: {
        tags,
        summary: 'Register a gateway with its sub-devices in one request: all or nothing',
        description,
        body: GatewayBody,
        response: {
          201: Type.Object({ gateway: DeviceSchema, subDevices: Type.Array(DeviceSchema) }),
          ...errors(400, 401, 403, 429, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await devices.registerGateway(caller(request), request.body.gateway, request.body.subDevices)),
  );

  app.get(
    '/devices',
    {
      schema: {
        tags,
        summary: 'This app’s devices, newest first, paged',
        description,
        querystring: PageQuery,
        response: { 200: DevicePageSchema, ...errors(400, 401, 403, 429) },
      },
    },
    async (request) => devices.list({ appId: caller(request).appId }, request.query.page, request.query.pageSize),
  );

  app.get(
    '/devices/:deviceId',
    {
      schema: {
        tags,
        summary: 'One device of this app',
        description,
        params: DeviceParams,
        response: { 200: DeviceSchema, ...errors(400, 401, 403, 429, 404) },
      },
    },
    async (request) => devices.get({ appId: caller(request).appId }, request.params.deviceId),
  );

  app.delete(
    '/devices/:deviceId',
    {
      schema: {
        tags,
        summary: 'Remove a device of this app; a gateway takes its sub-devices. Frees quota.',
        description,
        params: DeviceParams,
        response: { 200: Type.Object({ removed: Type.Integer() }), ...errors(400, 401, 403, 429, 404) },
      },
    },
    async (request) => devices.remove({ appId: caller(request).appId }, request.params.deviceId),
  );
};
