import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountRow } from '../../platform/accounts.js';
import { requestContext, setSessionCookie } from '../../platform/http/context.js';
import { errors, MeSchema } from '../../platform/http/schemas.js';
import {
  AuthenticationOptionsSchema,
  AuthenticationResponseSchema,
  RecoveryCodeField,
  TotpCodeField,
} from '../second-factor/schemas.js';
import { loggedInAs } from './routes.js';
import type { SecondStepService } from './second-step.js';

const closed = { additionalProperties: false } as const;
const PendingToken = Type.String({ minLength: 1, maxLength: 128 });

/** The second step after the password, and the log-in with a passkey alone. */
export const secondStepRoutes: FastifyPluginAsyncTypebox<{
  service: SecondStepService;
  https: boolean;
  cookieSeconds: (role: AccountRow['role']) => number;
}> = async (app, { service, https, cookieSeconds }) => {
  const tags = ['login'];

  app.post(
    '/sessions/second-factor/passkey-options',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'WebAuthn options to answer the second step with one of the pending account’s passkeys',
        body: Type.Object({ pendingToken: PendingToken }, closed),
        response: { 200: AuthenticationOptionsSchema, ...errors(400) },
      },
    },
    async (request) => service.passkeyOptions(request.body.pendingToken),
  );

  app.post(
    '/sessions/second-factor',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Complete a pending log-in with a TOTP code, a recovery code or a passkey; starts the session',
        body: Type.Object(
          {
            pendingToken: PendingToken,
            code: Type.Optional(TotpCodeField),
            recoveryCode: Type.Optional(RecoveryCodeField),
            passkey: Type.Optional(AuthenticationResponseSchema),
          },
          closed,
        ),
        response: { 200: MeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { account, token } = await service.complete(request.body, requestContext(request));
      setSessionCookie(reply, https, token, cookieSeconds(account.role));
      return loggedInAs(account);
    },
  );

  app.post(
    '/sessions/passkey/options',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'WebAuthn options for a log-in with a passkey alone (discoverable credentials)',
        response: { 200: AuthenticationOptionsSchema, ...errors(403, 429) },
      },
    },
    async (request) => service.passkeyLoginOptions(requestContext(request)),
  );

  app.post(
    '/sessions/passkey',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Log in with a passkey alone (user verification required)',
        body: Type.Object({ response: AuthenticationResponseSchema }, closed),
        response: { 200: MeSchema, ...errors(400, 403, 409) },
      },
    },
    async (request, reply) => {
      const { account, token } = await service.loginWithPasskey(request.body.response, requestContext(request));
      setSessionCookie(reply, https, token, cookieSeconds(account.role));
      return loggedInAs(account);
    },
  );
};
