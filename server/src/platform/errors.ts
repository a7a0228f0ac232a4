import { errorStatus, type ErrorCode } from '@devplat/common';

/** A coded error: services throw these; the HTTP layer turns them into `{ code, message, details }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    /** Seconds for a Retry-After header (429s). */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }
}

export const invalid = (field: string) => new AppError('request.invalid', { field });
