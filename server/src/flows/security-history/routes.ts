import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../../platform/http/context.js';
import { errors, PagingFields } from '../../platform/http/schemas.js';
import type { SecurityHistoryService } from './service.js';

/** The developer's own audit events, newest first. */
export const securityHistoryRoutes: FastifyPluginAsyncTypebox<{ history: SecurityHistoryService }> = async (
  app,
  { history },
) => {
  app.get(
    '/me/security-events',
    {
      schema: {
        tags: ['security-history'],
        summary: 'Own security events (log-ins, failures, password and contact changes, sessions ended), newest first',
        querystring: Type.Object(
          {
            ...PagingFields,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                event: Type.String(),
                outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
                at: Type.String({ format: 'date-time' }),
                ip: Type.Union([Type.String(), Type.Null()]),
                userAgent: Type.Union([Type.String(), Type.Null()]),
                details: Type.Record(Type.String(), Type.Unknown()),
                actor: Type.Union([Type.Literal('account'), Type.Literal('staff'), Type.Literal('system')], {
                  description: "'staff': done by a platform reviewer; its ip and userAgent are then null",
                }),
              }),
            ),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      return { ...(await history.page(signedIn(request).accountId, page, pageSize)), page, pageSize };
    },
  );
};
