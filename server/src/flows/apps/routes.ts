import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import { AppParams, AppSchema, CreateAppBody, NewKeySchema, UpdateAppBody } from './schemas.js';
import type { AppsService } from './service.js';

const tags = ['apps'];

/** App management (应用管理): the developer's own apps. Keys are in key-routes.ts. */
export const appRoutes: FastifyPluginAsyncTypebox<{ service: AppsService }> = async (app, { service }) => {
  app.get(
    '/apps',
    {
      schema: {
        tags,
        summary: 'Own apps, newest first',
        response: { 200: Type.Object({ apps: Type.Array(AppSchema) }), ...errors(401) },
      },
    },
    async (request) => ({ apps: await service.list(signedIn(request).accountId) }),
  );

  app.post(
    '/apps',
    {
      schema: {
        tags,
        summary: 'Create an app (approved developers only); answers its AppID and first key, the AppKey shown once',
        body: CreateAppBody,
        response: {
          201: Type.Object({ app: AppSchema, key: NewKeySchema }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { name, industry, description } = request.body;
      const created = await service.create(
        signedIn(request).accountId,
        { name: name.trim(), industry, description: description ?? '' },
        requestContext(request),
      );
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/apps/:appId',
    {
      schema: {
        tags,
        summary: 'One own app (another developer’s answers 404)',
        params: AppParams,
        response: { 200: AppSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.get(signedIn(request).accountId, request.params.appId),
  );

  app.patch(
    '/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Edit name, industry or description',
        params: AppParams,
        body: UpdateAppBody,
        response: { 200: AppSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { name, industry, description } = request.body;
      return service.update(signedIn(request).accountId, request.params.appId, {
        ...(name === undefined ? {} : { name: name.trim() }),
        ...(industry === undefined ? {} : { industry }),
        ...(description === undefined ? {} : { description }),
      });
    },
  );

  app.delete(
    '/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Delete an app with its keys and devices (their quota is freed)',
        params: AppParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(signedIn(request).accountId, request.params.appId, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
