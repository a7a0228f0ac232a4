import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import { AuthenticationOptionsSchema, AuthenticationResponseSchema } from '../second-factor/schemas.js';
import type { StaffAuthService } from './service.js';

export const staffAuthRoutes: FastifyPluginAsyncTypebox<{ service: StaffAuthService }> = async (app, { service }) => {
  const tags = ['staff-auth'];
  app.post(
    '/sessions/current/totp/setup',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Staff, first log-in: a new TOTP secret (RFC 6238) to add to an authenticator app',
        response: { 201: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.setup(signedIn(request))),
  );

  app.post(
    '/sessions/current/first-password',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary:
          'Staff, first log-in: replace the first password printed by the operator command (before the TOTP set-up)',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
            newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await service.replaceFirstPassword(signedIn(request), request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sessions/current/totp',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Staff: verify the current TOTP code; completes the log-in (and the set-up the first time)',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await service.verify(signedIn(request), request.body.code, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sessions/current/passkey/options',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Staff: WebAuthn options to use one of their passkeys as the second factor',
        response: { 200: AuthenticationOptionsSchema, ...errors(401, 403) },
      },
    },
    async (request) => service.passkeyOptions(signedIn(request)),
  );

  app.post(
    '/sessions/current/passkey',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Staff: verify a passkey as the second factor; completes the log-in',
        body: Type.Object({ response: AuthenticationResponseSchema }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await service.verifyPasskey(signedIn(request), request.body.response, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
