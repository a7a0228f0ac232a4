import { maskContact } from '@devplat/common';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Queryable } from '../../platform/db/index.js';
import { staffOnly } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { OutboxRepository } from '../../platform/messaging/outbox-repository.js';

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
export const messagesRoutes: FastifyPluginAsyncTypebox<{ outbox: OutboxRepository; db: Queryable }> = async (
  app,
  { outbox, db },
) => {
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
      const rows = await outbox.recent(db, {
        status: request.query.status,
        limit: request.query.limit ?? 50,
      });
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          template: r.template,
          channel: r.channel,
          to: maskContact(r.recipient),
          status: r.status,
          attempts: r.attempts,
          provider: r.provider,
          lastError: r.last_error,
          createdAt: r.created_at.toISOString(),
          sentAt: r.sent_at ? r.sent_at.toISOString() : null,
        })),
      };
    },
  );
};
