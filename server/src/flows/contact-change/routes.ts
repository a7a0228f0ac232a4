import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toMe } from '../../platform/accounts.js';
import { requestContext, signedIn } from '../../platform/http/context.js';
import { CodeSentSchema, errors, MeSchema, TicketSchema } from '../../platform/http/schemas.js';
import type { ContactChangeService } from './service.js';

const Kind = Type.Object(
  { kind: Type.Union([Type.Literal('email'), Type.Literal('phone')]) },
  { additionalProperties: false },
);
const TicketField = Type.String({ minLength: 1, maxLength: 128 });
const CodeField = Type.String({ minLength: 1, maxLength: 16 });

export const contactChangeRoutes: FastifyPluginAsyncTypebox<{ service: ContactChangeService }> = async (
  app,
  { service },
) => {
  const tags = ['contact-change'];

  app.post(
    '/me/contact-changes/:kind/current-code',
    {
      schema: {
        tags,
        summary: 'Step 1a: send a code to the current contact of this kind (or the other contact when none is bound)',
        params: Kind,
        response: {
          202: Type.Intersect([
            CodeSentSchema,
            Type.Object({ channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]), sentTo: Type.String() }),
          ]),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.sendCurrentCode(signedIn(request), request.params.kind, requestContext(request))),
  );

  app.post(
    '/me/contact-changes/:kind/tickets',
    {
      schema: {
        tags,
        summary: 'Step 1b: verify the current contact’s code; returns a ticket for this account and kind',
        params: Kind,
        body: Type.Object({ code: CodeField }, { additionalProperties: false }),
        response: { 201: TicketSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await service.verifyCurrent(
            signedIn(request),
            request.params.kind,
            request.body.code,
            requestContext(request),
          ),
        ),
  );

  app.post(
    '/me/contact-changes/:kind/new-code',
    {
      schema: {
        tags,
        summary: 'Step 2a: with the ticket, send a code to the new phone/email',
        params: Kind,
        body: Type.Object(
          { ticket: TicketField, to: Type.String({ minLength: 3, maxLength: 254 }) },
          { additionalProperties: false },
        ),
        response: { 202: CodeSentSchema, ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.sendNewCode(signedIn(request), request.params.kind, request.body, requestContext(request))),
  );

  app.post(
    '/me/contact-changes/:kind/complete',
    {
      schema: {
        tags,
        summary: 'Step 2b: with the ticket and the new address’s code, bind the address the ticket names',
        params: Kind,
        body: Type.Object({ ticket: TicketField, code: CodeField }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const account = await service.complete(
        signedIn(request),
        request.params.kind,
        request.body,
        requestContext(request),
      );
      return toMe({ ...account, createdAt: account.created_at });
    },
  );
};
