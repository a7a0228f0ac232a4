import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import { AppParams, KeyParams, KeySchema, NewKeySchema } from './schemas.js';
import type { AppsService } from './service.js';

const tags = ['apps'];

/** Keys of an own app: add (AppKey shown once), list, disable, enable, delete. */
export const keyRoutes: FastifyPluginAsyncTypebox<{ service: AppsService }> = async (app, { service }) => {
  app.get(
    '/apps/:appId/keys',
    {
      schema: {
        tags,
        summary: 'Keys of an app: KeyID, state, created and last-used time (never the AppKey)',
        params: AppParams,
        response: { 200: Type.Object({ keys: Type.Array(KeySchema) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ keys: await service.listKeys(signedIn(request).accountId, request.params.appId) }),
  );

  app.post(
    '/apps/:appId/keys',
    {
      schema: {
        tags,
        summary: 'Add a key (at most 5 active per app); the AppKey is shown in this response only',
        params: AppParams,
        response: { 201: NewKeySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const key = await service.addKey(signedIn(request).accountId, request.params.appId, requestContext(request));
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(key);
    },
  );

  for (const [action, state] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/apps/:appId/keys/:keyId/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'disable'
              ? 'Disable a key: signed requests with it fail from now on'
              : 'Enable a disabled key (at most 5 active per app)',
          params: KeyParams,
          response: { 200: KeySchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        service.setKeyState(
          signedIn(request).accountId,
          request.params.appId,
          request.params.keyId,
          state,
          requestContext(request),
        ),
    );
  }

  app.delete(
    '/apps/:appId/keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Delete a key: signed requests with it fail from now on',
        params: KeyParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { appId, keyId } = request.params;
      await service.deleteKey(signedIn(request).accountId, appId, keyId, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
