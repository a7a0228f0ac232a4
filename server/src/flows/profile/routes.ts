import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toMe } from '../../platform/accounts.js';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { errors, MeSchema } from '../../platform/http/schemas.js';
import type { ProfileService } from './service.js';

export const profileRoutes: FastifyPluginAsyncTypebox<{ service: ProfileService }> = async (app, { service }) => {
  app.patch(
    '/me',
    {
      schema: {
        tags: ['profile'],
        summary: 'Change the username (3–32 letters, digits, Chinese characters, _ or -; unique)',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const account = await service.setUsername(signedIn(request), request.body.username, requestContext(request));
      return toMe({ ...account, createdAt: account.created_at });
    },
  );
};
