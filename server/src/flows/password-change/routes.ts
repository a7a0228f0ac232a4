import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { errors, PasswordField } from '../../platform/http/schemas.js';
import type { PasswordChangeService } from './service.js';

export const passwordChangeRoutes: FastifyPluginAsyncTypebox<{ service: PasswordChangeService }> = async (
  app,
  { service },
) => {
  app.put(
    '/me/password',
    {
      schema: {
        tags: ['password-change'],
        summary: 'Change the password (current password required); ends the other sessions',
        body: Type.Object(
          { currentPassword: PasswordField, newPassword: PasswordField },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ otherSessionsEnded: Type.Integer() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => service.change(signedIn(request), request.body, requestContext(request)),
  );
};
