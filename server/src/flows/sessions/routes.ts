import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toMe } from '../../platform/accounts.js';
import type { Audit } from '../../platform/audit.js';
import { clearSessionCookie, requestContext, signedIn } from '../../platform/http/context.js';
import { errors, MeSchema } from '../../platform/http/schemas.js';
import type { Sessions } from '../../platform/sessions/index.js';

export const sessionRoutes: FastifyPluginAsyncTypebox<{ sessions: Sessions; audit: Audit; https: boolean }> = async (
  app,
  { sessions, audit, https },
) => {
  app.get(
    '/me',
    { schema: { tags: ['sessions'], summary: 'The signed-in account', response: { 200: MeSchema, ...errors(401) } } },
    async (request) => {
      const account = signedIn(request);
      return toMe({ ...account, id: account.accountId });
    },
  );

  app.delete(
    '/sessions/current',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Log out: ends this session on the server',
        response: { 204: {}, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const account = signedIn(request);
      await sessions.end(account.sessionId, 'logout');
      await audit.record(requestContext(request), {
        event: 'logout',
        outcome: 'success',
        accountId: account.accountId,
      });
      clearSessionCookie(reply, https);
      return reply.status(204).send();
    },
  );
};
