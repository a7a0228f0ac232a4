import { errorStatus, type ErrorCode } from '@devplat/common';

/** A coded error: services throw these; the HTTP layer turns them into `{ code, message, details }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    /** Seconds for a Retry-After header (429s, 503s). */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }
}

export const invalid = (field: string) => new AppError('request.invalid', { field });

/** Seconds a client is asked to wait when a dependency is down (a database restart takes a few). */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The coded 503 for an unreachable dependency, with Retry-After. */
export const unavailable = (dependency: 'database' | 'redis') =>
  new AppError('service.unavailable', { dependency }, UNAVAILABLE_RETRY_SECONDS);
