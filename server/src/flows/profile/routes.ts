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

  app.put(
    '/me/locale',
    {
      // Harmless before a staff member's TOTP: it only picks the language of their messages.
      config: { mfaPending: true },
      schema: {
        tags: ['profile'],
        summary: 'The language of the messages this account receives (the console calls it on its language switch)',
        body: Type.Object(
          { locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      await service.setLocale(signedIn(request), request.body.locale);
      return reply.status(204).send(null);
    },
  );
};
