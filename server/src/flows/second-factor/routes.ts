import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { developerOnly, requestContext, signedIn, staffOnly } from '../../platform/http/context.js';
import { errors, PasswordField } from '../../platform/http/schemas.js';
import type { Passkeys } from './passkeys.js';
import {
  PasskeySchema,
  RecoveryCodesSchema,
  RegistrationOptionsSchema,
  RegistrationResponseSchema,
  SecondFactorStatusSchema,
  TotpCodeField,
} from './schemas.js';
import type { SecondFactorService } from './service.js';

const closed = { additionalProperties: false } as const;

/** 个人中心 → 安全设置: TOTP, recovery codes and passkeys of the signed-in account; the admin recovery. */
export const secondFactorRoutes: FastifyPluginAsyncTypebox<{
  service: SecondFactorService;
  passkeys: Passkeys;
}> = async (app, { service, passkeys }) => {
  const tags = ['second-factor'];

  app.get(
    '/me/second-factors',
    {
      // Reached by the half-open session of an enterprise developer enrolling (SECURITY_PROFILE=mlps).
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Whether TOTP is on, how many recovery codes are left, and the passkeys',
        response: { 200: SecondFactorStatusSchema, ...errors(401) },
      },
    },
    async (request) => service.status(signedIn(request)),
  );

  app.post(
    '/me/totp/setup',
    {
      // Reached by the half-open session of an enterprise developer enrolling (SECURITY_PROFILE=mlps).
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Developers: a new TOTP secret (RFC 6238); TOTP is on once a first code confirms it',
        response: { 201: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.setupTotp(developerOnly(request))),
  );

  app.post(
    '/me/totp/confirm',
    {
      // Reached by the half-open session of an enterprise developer enrolling (SECURITY_PROFILE=mlps).
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Developers: confirm the authenticator with a first code; answers the 10 recovery codes, shown once',
        body: Type.Object({ code: TotpCodeField }, closed),
        response: { 200: RecoveryCodesSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => service.confirmTotp(developerOnly(request), request.body.code, requestContext(request)),
  );

  app.post(
    '/me/totp/disable',
    {
      schema: {
        tags,
        summary: 'Developers: turn TOTP off (needs the password and a current code); recovery codes go too',
        body: Type.Object({ password: PasswordField, code: TotpCodeField }, closed),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await service.disableTotp(developerOnly(request), request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/recovery-codes',
    {
      schema: {
        tags,
        summary: 'Developers: 10 new recovery codes (needs the password); the old ones stop working',
        body: Type.Object({ password: PasswordField }, closed),
        response: { 200: RecoveryCodesSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) =>
      service.regenerateRecoveryCodes(developerOnly(request), request.body.password, requestContext(request)),
  );

  app.post(
    '/me/passkeys/options',
    {
      schema: {
        tags,
        summary: 'WebAuthn registration options for a new passkey (single-use challenge)',
        response: { 200: RegistrationOptionsSchema, ...errors(401, 409) },
      },
    },
    async (request) => passkeys.registrationOptions(signedIn(request)),
  );

  app.post(
    '/me/passkeys',
    {
      schema: {
        tags,
        summary: 'Register a passkey from the authenticator response, with a name',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 64 }), response: RegistrationResponseSchema },
          closed,
        ),
        response: { 201: PasskeySchema, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await passkeys.register(signedIn(request), request.body.name, request.body.response, requestContext(request)),
        ),
  );

  app.delete(
    '/me/passkeys/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of my passkeys',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await passkeys.remove(signedIn(request), request.params.id, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/accounts/:accountId/second-factors/reset',
    {
      schema: {
        tags,
        summary:
          "Admins: remove a developer's second factors (TOTP, recovery codes, passkeys) when the certification identity matches",
        params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ identity: Type.String({ minLength: 1, maxLength: 64 }) }, closed),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.adminReset(
        staffOnly(request, ['admin']),
        request.params.accountId,
        request.body.identity,
        requestContext(request),
      );
      return reply.status(204).send(null);
    },
  );
};
