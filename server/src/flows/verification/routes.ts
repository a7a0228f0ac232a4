import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { VerificationService } from './service.js';

export const verificationRoutes: FastifyPluginAsyncTypebox<{ service: VerificationService }> = async (
  app,
  { service },
) => {
  app.post(
    '/verification-codes',
    {
      config: { public: true },
      schema: {
        tags: ['verification'],
        summary: 'Send a verification code (SMS or email) for sign-up or forgot-password',
        description:
          'Always answers 202 for a valid phone/email, registered or not. register: a registered contact receives a notice instead of a code. reset_password: an unknown contact receives nothing.',
        body: Type.Object(
          {
            purpose: Type.Union([Type.Literal('register'), Type.Literal('reset_password')]),
            to: Type.String({
              minLength: 3,
              maxLength: 254,
              description: 'Phone (E.164, or mainland digits) or email',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ resendAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() }),
          ...errors(400, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const sent = await service.request(request.body, requestContext(request));
      return reply.status(202).send(sent);
    },
  );
};
