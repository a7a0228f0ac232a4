import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChallengeField } from '../../platform/challenge/schema.js';
import type { Challenges } from '../../platform/challenge/service.js';
import { requestContext } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { VerificationService } from './service.js';

export const verificationRoutes: FastifyPluginAsyncTypebox<{
  service: VerificationService;
  challenges: Challenges;
}> = async (app, { service, challenges }) => {
  app.get(
    '/challenges',
    {
      config: { public: true },
      schema: {
        tags: ['verification'],
        summary: 'A proof-of-work challenge (ALTCHA) to solve before asking for a sign-up or reset code',
        description:
          'Solve it in the browser (the altcha widget does) and send the payload as `challenge`. It expires after 10 minutes and is accepted once.',
        response: {
          200: Type.Object({
            algorithm: Type.String(),
            challenge: Type.String(),
            maxnumber: Type.Integer(),
            salt: Type.String(),
            signature: Type.String(),
          }),
          ...errors(400),
        },
      },
    },
    async (_request, reply) => {
      // Every challenge is new: never cached by a browser or a proxy.
      reply.header('cache-control', 'no-store');
      const issued = await challenges.issue();
      return { ...issued, maxnumber: issued.maxnumber ?? 0 };
    },
  );

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
            challenge: Type.Optional(ChallengeField),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ resendAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() }),
          // 400 challenge.required / challenge.invalid: CODE_CHALLENGE asks for a solved challenge.
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
