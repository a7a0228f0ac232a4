import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountRow } from '../../platform/accounts.js';
import {
  clearSessionCookie,
  developerOnly,
  requestContext,
  setSessionCookie,
  staffOnly,
} from '../../platform/http/context.js';
import { CodeSentSchema, errors, MeSchema, PasswordField } from '../../platform/http/schemas.js';
import { loggedInAs } from '../login/routes.js';
import { RecoveryCodeField, TotpCodeField } from '../second-factor/schemas.js';
import type { DeletionService } from './service.js';

const closed = { additionalProperties: false } as const;
const Channel = Type.Union([Type.Literal('sms'), Type.Literal('email')]);

/** Delete my account (个人中心 → 安全设置), its cancel at log-in, and the staff list and immediate erase. */
export const deletionRoutes: FastifyPluginAsyncTypebox<{
  service: DeletionService;
  https: boolean;
  cookieSeconds: (role: AccountRow['role']) => number;
}> = async (app, { service, https, cookieSeconds }) => {
  const tags = ['account-deletion'];

  app.post(
    '/me/deletion/code',
    {
      schema: {
        tags,
        summary:
          "Send the deletion confirmation code to one of the account's own contacts (phone unless email is asked for)",
        body: Type.Object({ channel: Type.Optional(Channel) }, closed),
        response: {
          202: Type.Intersect([CodeSentSchema, Type.Object({ channel: Channel, sentTo: Type.String() })]),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.sendCode(developerOnly(request), request.body.channel, requestContext(request))),
  );

  app.post(
    '/me/deletion',
    {
      schema: {
        tags,
        summary:
          'Request the deletion of this account: username typed exactly, password, second factor when on, and the code; deactivates at once',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: PasswordField,
            code: Type.String({ minLength: 1, maxLength: 16 }),
            channel: Type.Optional(Channel),
            totpCode: Type.Optional(TotpCodeField),
            recoveryCode: Type.Optional(RecoveryCodeField),
          },
          closed,
        ),
        response: {
          202: Type.Object({ eraseAfter: Type.String({ format: 'date-time' }) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const result = await service.request(developerOnly(request), request.body, requestContext(request));
      // Every session of the account has ended, this one included.
      clearSessionCookie(reply, https);
      return reply.status(202).send(result);
    },
  );

  app.post(
    '/account-deletion/cancel',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Cancel a pending deletion with the ticket a full log-in answered (account.pending_deletion); restores the account and signs in',
        body: Type.Object({ cancelToken: Type.String({ minLength: 1, maxLength: 128 }) }, closed),
        response: { 200: MeSchema, ...errors(400) },
      },
    },
    async (request, reply) => {
      const { account, token } = await service.cancel(request.body.cancelToken, requestContext(request));
      setSessionCookie(reply, https, token, cookieSeconds(account.role));
      return reply.status(200).send(loggedInAs(account));
    },
  );

  app.get(
    '/admin/deletions',
    {
      schema: {
        tags,
        summary: 'Staff: accounts pending deletion, the soonest erase first (contacts masked)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String({ format: 'uuid' }),
                accountId: Type.String({ format: 'uuid' }),
                username: Type.String(),
                phone: Type.Union([Type.String(), Type.Null()]),
                email: Type.Union([Type.String(), Type.Null()]),
                requestedAt: Type.String({ format: 'date-time' }),
                eraseAfter: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      staffOnly(request);
      return { items: await service.listPending() };
    },
  );

  app.post(
    '/admin/deletions/:id/erase',
    {
      schema: {
        tags,
        summary:
          'Admins: erase a pending (verified) deletion request now, without waiting out the cooling-off; audited',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, closed),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.eraseNow(staffOnly(request, ['admin']), request.params.id, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
