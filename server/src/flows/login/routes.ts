import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isStaff, toMe, type AccountRow } from '../../platform/accounts.js';
import { ChallengeField } from '../../platform/challenge/schema.js';
import { requestContext, setSessionCookie } from '../../platform/http/context.js';
import { errors, MeSchema, PasswordField } from '../../platform/http/schemas.js';
import type { LoginService } from './service.js';

export const loginRoutes: FastifyPluginAsyncTypebox<{
  service: LoginService;
  https: boolean;
  cookieSeconds: (role: AccountRow['role']) => number;
}> = async (app, { service, https, cookieSeconds }) => {
  app.post(
    '/sessions',
    {
      config: { public: true },
      schema: {
        tags: ['login'],
        summary: 'Log in with a phone or an email and the password',
        body: Type.Object(
          {
            identifier: Type.String({ minLength: 1, maxLength: 254 }),
            password: PasswordField,
            // Asked for (challenge.required) once the client's IP is over LOGIN_FAILURES_PER_IP_HOUR.
            challenge: Type.Optional(ChallengeField),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { account, token } = await service.login(request.body, requestContext(request));
      // A new token at every log-in: no session fixation (SECURITY 19).
      setSessionCookie(reply, https, token, cookieSeconds(account.role));
      const me = toMe({ ...account, createdAt: account.created_at });
      // Staff continue with their second factor: set one up the first time, else verify it.
      return isStaff(account.role)
        ? { ...me, mfa: account.totp_enabled_at ? ('verify' as const) : ('setup' as const) }
        : me;
    },
  );
};
