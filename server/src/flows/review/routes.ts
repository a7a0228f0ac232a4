import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { requestContext, staffOnly } from '../../platform/http/context.js';
import { errors, PagingFields } from '../../platform/http/schemas.js';
import { sendUpload } from '../certification/files.js';
import { DeveloperTypeSchema, SubmissionSchema } from '../certification/schemas.js';
import type { Uploads } from '../certification/uploads.js';
import type { ReviewService } from './service.js';

const AccountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const StateSchema = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);

const FileKindSchema = Type.Union([
  Type.Literal('business_licence'),
  Type.Literal('id_front'),
  Type.Literal('id_back'),
  Type.Literal('unknown'),
]);

/** A submission as staff see it: its id (for reveal) and each file with what it is. */
const ReviewSubmissionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  files: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      kind: FileKindSchema,
      mime: Type.String(),
    }),
  ),
  ...SubmissionSchema.properties,
});

const DetailSchema = Type.Object({
  account: Type.Object({
    id: Type.String(),
    username: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
  }),
  version: Type.Integer(),
  /** Another account, pending or approved, with the same ID number / credit code. */
  conflict: Type.Union([
    Type.Object({ accountId: Type.String(), state: Type.Union([Type.Literal('pending'), Type.Literal('approved')]) }),
    Type.Null(),
  ]),
  /** Of the current submission (history[0]). */
  state: StateSchema,
  deadline: Type.String({ description: 'Expected decision date of the current submission (YYYY-MM-DD)' }),
  overdue: Type.Boolean(),
  history: Type.Array(ReviewSubmissionSchema),
});

/** The staff console's API under /api/v1/admin: reviewers and admins with their TOTP done (SECURITY 16, 28). */
export const reviewRoutes: FastifyPluginAsyncTypebox<{ service: ReviewService; uploads: Uploads }> = async (
  app,
  { service, uploads },
) => {
  const tags = ['review'];

  app.get(
    '/admin/certifications',
    {
      schema: {
        tags,
        summary:
          'Review queue: pending first, by deadline; overdue flagged; filter by state/type; search name/phone/email',
        querystring: Type.Object(
          {
            state: Type.Optional(StateSchema),
            type: Type.Optional(DeveloperTypeSchema),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            ...PagingFields,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                accountId: Type.String(),
                username: Type.String(),
                phone: Type.Union([Type.String(), Type.Null()]),
                email: Type.Union([Type.String(), Type.Null()]),
                type: DeveloperTypeSchema,
                state: StateSchema,
                version: Type.Integer(),
                name: Type.String(),
                submittedAt: Type.String(),
                deadline: Type.String(),
                overdue: Type.Boolean(),
              }),
            ),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      staffOnly(request);
      return service.queue(request.query);
    },
  );

  app.get(
    '/admin/certifications/:accountId',
    {
      schema: {
        tags,
        summary: 'One application with its history (ID numbers masked)',
        params: AccountParams,
        response: { 200: DetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      staffOnly(request);
      return service.detail(request.params.accountId);
    },
  );

  app.post(
    '/admin/certifications/:accountId/reveal',
    {
      schema: {
        tags,
        summary:
          'The full ID number / credit code of the current submission, or of `submissionId` from the history (written to the audit log)',
        params: AccountParams,
        body: Type.Optional(
          Type.Object(
            { submissionId: Type.Optional(Type.String({ format: 'uuid' })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Object({ identity: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.reveal(staffOnly(request), request.params.accountId, requestContext(request), request.body?.submissionId),
  );

  app.post(
    '/admin/certifications/:accountId/decision',
    {
      schema: {
        tags,
        summary:
          'Approve, or reject with a reason (1–256 characters), the version the reviewer saw; a stale version answers 409',
        params: AccountParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
            reason: Type.Optional(Type.String({ maxLength: 1024 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.decide(staffOnly(request), request.params.accountId, request.body, requestContext(request)),
  );

  app.get(
    '/admin/files/:id',
    {
      schema: {
        tags,
        summary: 'A submitted certification file, for staff',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      staffOnly(request);
      const owner = await service.file(request.params.id);
      const file = owner ? await uploads.read(request.params.id, owner) : null;
      if (!file) throw new AppError('request.not_found');
      return sendUpload(reply, file);
    },
  );

  app.post(
    '/admin/accounts/:accountId/disable',
    {
      schema: {
        tags,
        summary: 'Admins: disable a developer account; all its sessions end',
        params: AccountParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.disable(staffOnly(request, ['admin']), request.params.accountId, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/accounts/:accountId/enable',
    {
      schema: {
        tags,
        summary: 'Admins: enable a disabled developer account again (its apps work again at once)',
        params: AccountParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.enable(staffOnly(request, ['admin']), request.params.accountId, requestContext(request));
      return reply.status(204).send(null);
    },
  );
};
