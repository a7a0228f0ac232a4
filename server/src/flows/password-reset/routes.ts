import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/http/context.js';
import { errors, PasswordField, TicketSchema } from '../../platform/http/schemas.js';
import type { PasswordResetService } from './service.js';

export const passwordResetRoutes: FastifyPluginAsyncTypebox<{ service: PasswordResetService }> = async (
  app,
  { service },
) => {
  app.post(
    '/password-reset/tickets',
    {
      config: { public: true },
      schema: {
        tags: ['password-reset'],
        summary: 'Forgot password, step 2: trade the reset code for a ticket that can only set a password',
        body: Type.Object(
          { to: Type.String({ minLength: 3, maxLength: 254 }), code: Type.String({ minLength: 1, maxLength: 16 }) },
          { additionalProperties: false },
        ),
        response: { 201: TicketSchema, ...errors(400, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.verifyCode(request.body, requestContext(request))),
  );

  app.post(
    '/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['password-reset'],
        summary: 'Forgot password, step 3: set the new password; ends every session and does not sign in',
        body: Type.Object(
          { ticket: Type.String({ minLength: 1, maxLength: 128 }), password: PasswordField },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 403) },
      },
    },
    async (request, reply) => {
      await service.setPassword(request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
