import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isStaff, toMe, type AccountRow } from '../../platform/accounts.js';
import { ChallengeField } from '../../platform/challenge/schema.js';
import { requestContext, setSessionCookie } from '../../platform/http/context.js';
import { errors, MeSchema, PasswordField } from '../../platform/http/schemas.js';
import type { LoginService } from './service.js';

/** The password was right and a second factor is on: no session yet, only a pending log-in. */
export const PendingLoginSchema = Type.Object({
  pendingToken: Type.String(),
  expiresInSeconds: Type.Integer(),
  methods: Type.Array(Type.Union([Type.Literal('totp'), Type.Literal('recovery_code'), Type.Literal('passkey')])),
});

/** The account a log-in answers with; staff continue with their second factor (setup the first time, else verify). */
export function loggedInAs(account: AccountRow) {
  const me = toMe({ ...account, createdAt: account.created_at });
  return isStaff(account.role)
    ? { ...me, mfa: account.totp_enabled_at ? ('verify' as const) : ('setup' as const) }
    : me;
}

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
        summary:
          'Log in with a phone or an email and the password; 202 when a second factor must follow; 409 account.pending_deletion (with the erase date and a cancel ticket) for an account pending deletion',
        body: Type.Object(
          {
            identifier: Type.String({ minLength: 1, maxLength: 254 }),
            password: PasswordField,
            // Asked for (challenge.required) once the client's IP is over LOGIN_FAILURES_PER_IP_HOUR.
            challenge: Type.Optional(ChallengeField),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema, 202: PendingLoginSchema, ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await service.login(request.body, requestContext(request));
      if ('pending' in result) return reply.status(202).send(result.pending);
      // A new token at every log-in: no session fixation (SECURITY 19).
      setSessionCookie(reply, https, result.token, cookieSeconds(result.account.role));
      // SECURITY_PROFILE=mlps: an enterprise developer enrols a second factor first (mfa: 'setup').
      const me = loggedInAs(result.account);
      return reply.status(200).send(result.enrol ? { ...me, mfa: 'setup' as const } : me);
    },
  );
};
