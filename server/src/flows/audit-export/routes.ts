import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext, staffOnly } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { AuditExportService } from './service.js';

/**
 * Admins: the audit log of a time range as a CSV or JSON file (MLPS 2.0 audit export, issue 15
 * point 6), streamed as it is read. The export itself is an audit event (`audit.exported`).
 */
export const auditExportRoutes: FastifyPluginAsyncTypebox<{ service: AuditExportService }> = async (
  app,
  { service },
) => {
  app.get(
    '/admin/audit-events/export',
    {
      schema: {
        tags: ['review'],
        summary: 'Admins: export the audit log of a time range (at most 366 days) as CSV or JSON, streamed',
        querystring: Type.Object(
          {
            from: Type.String({ format: 'date-time', description: 'Start, inclusive (ISO 8601)' }),
            to: Type.String({ format: 'date-time', description: 'End, exclusive (ISO 8601)' }),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.String({ description: 'The file: text/csv (RFC 4180, a header line) or a JSON array' }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const me = staffOnly(request, ['admin']);
      const format = request.query.format ?? 'csv';
      const { filename, chunks } = await service.export(
        me,
        { from: request.query.from, to: request.query.to, format },
        requestContext(request),
      );
      return (
        reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          // A stream is sent as is (Fastify does not serialize streams); the schema documents the file.
          .send(Readable.from(chunks) as unknown as string)
      );
    },
  );
};
