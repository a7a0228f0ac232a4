import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseContact } from '../../platform/contacts.js';
import { errors } from '../../platform/http/schemas.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { DevOutbox } from '../../platform/messaging/email-providers.js';

/**
 * Reads back what the dev outbox "sent". Registered only while the outbox is the sender, which
 * config refuses in production.
 */
export const devOutboxRoutes: FastifyPluginAsyncTypebox<{
  outbox: DevOutbox;
  messenger: Messenger;
}> = async (app, { outbox, messenger }) => {
  app.get(
    '/dev/outbox',
    {
      config: { public: true },
      schema: {
        tags: ['development'],
        summary: 'Development only: the newest messages sent to a phone or an email',
        querystring: Type.Object(
          {
            to: Type.String({ minLength: 1, maxLength: 254 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            messages: Type.Array(
              Type.Object({
                to: Type.String(),
                channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
                text: Type.String(),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errors(400),
        },
      },
    },
    async (request) => {
      // Deliveries run behind the response that queued them: run the worker until nothing is due.
      await messenger.idle();
      const to = parseContact(request.query.to)?.value ?? request.query.to;
      return { messages: await outbox.read(to, request.query.limit ?? 10) };
    },
  );
};
