import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { developerOnly, requestContext } from '../../platform/http/context.js';
import { errors, PasswordField } from '../../platform/http/schemas.js';
import { TotpCodeField } from '../second-factor/schemas.js';
import type { DataExportService } from './service.js';

/** 个人中心 → 安全设置 → 导出个人数据 (PIPL Art. 45): re-authenticate, then download the zip. */
export const dataExportRoutes: FastifyPluginAsyncTypebox<{ service: DataExportService }> = async (app, { service }) => {
  const tags = ['data-export'];

  app.post(
    '/me/data-export',
    {
      schema: {
        tags,
        summary:
          'Developers: re-authenticate (password, and a current TOTP code when two-factor is on) for a single-use download ticket (2 minutes); once an hour',
        body: Type.Object(
          { password: PasswordField, code: Type.Optional(TotpCodeField) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ticket: Type.String(), expiresInSeconds: Type.Integer() }),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.start(developerOnly(request), request.body, requestContext(request))),
  );

  app.get(
    '/me/data-export',
    {
      schema: {
        tags,
        summary:
          'Developers: the zip (data.json and the uploaded files), streamed; uses the ticket up; audited; once an hour (429 with Retry-After)',
        querystring: Type.Object(
          { ticket: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await service.download(
        developerOnly(request),
        request.query.ticket,
        requestContext(request),
      );
      return reply
        .header('content-type', 'application/zip')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(stream);
    },
  );
};
