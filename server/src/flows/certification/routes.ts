import multipart from '@fastify/multipart';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { developerOnly, requestContext, signedIn } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import { sendUpload } from './files.js';
import { CertificationViewSchema, SubmitSchema, UploadKindSchema, UploadSchema } from './schemas.js';
import type { CertificationService } from './service.js';
import { UPLOAD_MAX_BYTES, type Uploads } from './uploads.js';

export const certificationRoutes: FastifyPluginAsyncTypebox<{
  service: CertificationService;
  uploads: Uploads;
}> = async (app, { service, uploads }) => {
  const tags = ['certification'];
  // Multipart only inside this plugin; one file per request, capped before it is buffered.
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  app.get(
    '/certification',
    {
      schema: {
        tags,
        summary: 'Own certification: state, expected decision date, current submission (masked), history, entitlements',
        response: { 200: CertificationViewSchema, ...errors(401) },
      },
    },
    async (request) => service.view(signedIn(request).accountId),
  );

  app.put(
    '/certification',
    {
      schema: {
        tags,
        summary:
          'Submit, edit (while pending) or resubmit (after rejection) the certification; approved is final (409)',
        body: SubmitSchema,
        response: { 200: CertificationViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.submit(developerOnly(request).accountId, request.body, requestContext(request)),
  );

  app.post(
    '/certification/uploads',
    {
      schema: {
        tags,
        summary:
          'Upload one certification image (JPEG/PNG; the business licence may be PDF) as multipart field "file", ≤ 5 MB',
        querystring: Type.Object({ kind: UploadKindSchema }, { additionalProperties: false }),
        consumes: ['multipart/form-data'],
        response: { 201: UploadSchema, ...errors(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const me = developerOnly(request);
      let bytes: Buffer;
      try {
        const part = await request.file();
        if (!part) throw new AppError('request.invalid', { field: 'file' });
        bytes = await part.toBuffer();
      } catch (error) {
        if (error instanceof AppError) throw error;
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('upload.too_large');
        throw new AppError('request.invalid', { field: 'file' });
      }
      return reply.status(201).send(await uploads.store(me.accountId, request.query.kind, bytes));
    },
  );

  app.get(
    '/certification/files/:id',
    {
      schema: {
        tags,
        summary: 'One of the own uploaded files (another account’s id answers 404)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const file = await uploads.read(request.params.id, signedIn(request).accountId);
      if (!file) throw new AppError('request.not_found');
      return sendUpload(reply, file);
    },
  );
};
