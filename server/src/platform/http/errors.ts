import { errorMessage, pickLocale, type ErrorCode } from '@devplat/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/errors.js';
import { AppError, unavailable } from '../errors.js';

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

/** The first value PostgreSQL or JSON arithmetic cannot take: a NUL in a string, a non-finite number. */
function unstorable(root: unknown): string | null {
  // Iterative walk: a 64 KiB body can nest tens of thousands of levels deep.
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && value.includes('\u0000')) return path;
    if (typeof value === 'number' && !Number.isFinite(value)) return path;
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) stack.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return null;
}

/**
 * After schema validation: refuse NUL characters (PostgreSQL text cannot hold them) and numbers
 * like `1e400` that JSON and type coercion turn into Infinity, as coded 400s rather than 500s.
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preHandler', (request, _reply, done) => {
    for (const [where, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const path = unstorable(value);
      if (path !== null) return done(new AppError('request.invalid', { field: path ? `${where}.${path}` : where }));
    }
    done();
  });
}

/**
 * Errors Fastify raises before routing (a malformed URL such as `/api/v1/me%`): the same coded
 * 400 as any other malformed request. Passed as the `frameworkErrors` server option.
 */
export function frameworkErrors(_error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // FST_ERR_BAD_URL (bad percent-encoding), FST_ERR_MAX_PARAM_LENGTH (a path parameter over 100 chars)…
  const error = new AppError('request.invalid', { field: 'url' });
  void reply.status(error.status).send({
    code: error.code,
    message: errorMessage(error.code, pickLocale(request.headers['accept-language']), error.details),
    details: error.details,
    requestId: request.id,
  });
}

/**
 * Every error leaves as `{ code, message, details?, requestId }` in the request's language; anything
 * unexpected is logged and answered as a bare `internal` with no stack (SECURITY 39). An unreachable
 * database is a coded 503 `service.unavailable` with Retry-After (docs/operations.md, Failure behaviour).
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((raw: FastifyError | AppError, request, reply) => {
    let error: AppError;
    if (raw instanceof AppError) {
      error = raw;
      // A coded server fault (a data key missing from DATA_KEYS…): the operator's line, with the fix.
      if (error.status >= 500) request.log.error({ code: error.code }, error.message);
    } else if (raw.validation) error = new AppError('request.invalid', { field: fieldOf(raw) });
    else if (raw.code && FRAMEWORK_CODES[raw.code]) error = new AppError(FRAMEWORK_CODES[raw.code]!);
    else if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) {
      // Malformed JSON, __proto__ keys, empty bodies with a JSON type, bad headers…
      error = new AppError('request.invalid', { field: 'body' });
    } else if (isDatabaseUnavailable(raw)) {
      // PostgreSQL down, restarting or over its timeouts: retry later, not a bug report.
      request.log.warn({ err: raw }, 'database unavailable');
      error = unavailable('database');
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
      requestId: request.id,
    });
  });
}
