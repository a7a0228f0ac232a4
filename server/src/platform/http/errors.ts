import { errorMessage, pickLocale, type ErrorCode } from '@devplat/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** Which field a validation error is about, as a JSON pointer-ish path ("body.phone"). */
function fieldOf(error: FastifyError): string {
  const first = error.validation?.[0];
  const where = error.validationContext ?? 'body';
  if (!first) return where;
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return [where, path, missing].filter(Boolean).join('.');
}

const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
};

/**
 * Every error leaves as `{ code, message, details? }` in the request's language; anything
 * unexpected is logged and answered as a bare `internal` with no stack (SECURITY 39).
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((raw: FastifyError | AppError, request, reply) => {
    let error: AppError;
    if (raw instanceof AppError) error = raw;
    else if (raw.validation) error = new AppError('request.invalid', { field: fieldOf(raw) });
    else if (raw.code && FRAMEWORK_CODES[raw.code]) error = new AppError(FRAMEWORK_CODES[raw.code]!);
    else if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) {
      // Malformed JSON, __proto__ keys, empty bodies with a JSON type, bad headers…
      error = new AppError('request.invalid', { field: 'body' });
    } else {
      request.log.error({ err: raw }, 'unhandled error');
      error = new AppError('internal');
    }
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    const locale = pickLocale(request.headers['accept-language']);
    return reply.status(error.status).send({
      code: error.code,
      message: errorMessage(error.code, locale, error.details),
      ...(error.details ? { details: error.details } : {}),
    });
  });
}
