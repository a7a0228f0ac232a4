import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { staffOnly } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { MessagesService } from './messages-service.js';

const StatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('abandoned'),
  Type.Literal('expired'),
  Type.Literal('throttled'),
]);

/**
 * Admins: the recent messages of the outbox (issue 9, point 8). The recipient is masked and no
 * param (a code, a reviewer's reason) is ever part of the answer.
 */
export const messagesRoutes: FastifyPluginAsyncTypebox<{ service: MessagesService }> = async (app, { service }) => {
  app.get(
    '/admin/messages',
    {
      schema: {
        tags: ['review'],
        summary: 'Admins: recent messages (masked recipient, template, status, attempts, provider, last error)',
        querystring: Type.Object(
          {
            status: Type.Optional(StatusSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                template: Type.String(),
                channel: Type.String(),
                to: Type.String(),
                status: Type.String(),
                attempts: Type.Integer(),
                provider: Type.Union([Type.String(), Type.Null()]),
                lastError: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.String({ format: 'date-time' }),
                sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      staffOnly(request, ['admin']);
      const items = await service.recent({ status: request.query.status, limit: request.query.limit ?? 50 });
      return { items };
    },
  );
};
