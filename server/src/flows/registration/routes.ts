import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toMe } from '../../platform/accounts.js';
import { requestContext, setSessionCookie } from '../../platform/http/context.js';
import { errors, MeSchema, PasswordField } from '../../platform/http/schemas.js';
import type { RegistrationService } from './service.js';

export const registrationRoutes: FastifyPluginAsyncTypebox<{
  service: RegistrationService;
  https: boolean;
  sessionSeconds: number;
}> = async (app, { service, https, sessionSeconds }) => {
  app.post(
    '/accounts',
    {
      config: { public: true },
      schema: {
        tags: ['registration'],
        summary: 'Sign up with a phone or an email, its code and a password; signs the new account in',
        body: Type.Object(
          {
            phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
            email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
            code: Type.String({ minLength: 1, maxLength: 16 }),
            password: PasswordField,
          },
          { additionalProperties: false },
        ),
        response: { 201: MeSchema, ...errors(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { account, token } = await service.register(request.body, requestContext(request));
      setSessionCookie(reply, https, token, sessionSeconds);
      return reply.status(201).send(toMe({ ...account, createdAt: account.created_at }));
    },
  );
};
