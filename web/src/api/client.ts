import { errorStatus, type ErrorBody, type ErrorCode, type Locale } from '@devplat/common';

/** Fired on window when a call finds the session gone (ended elsewhere, expired). */
export const SESSION_ENDED_EVENT = 'devplat:session-ended';

/** A failed API call: the server's error body, or a network/unexpected failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body ? body.code : `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorStatus, value);
}

function asErrorBody(value: unknown): ErrorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, details } = value as Record<string, unknown>;
  if (!isErrorCode(code) || typeof message !== 'string') return null;
  const detailRecord =
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined;
  return { code, message, details: detailRecord };
}

/**
 * One same-origin JSON call. The session is an HttpOnly cookie (credentials 'same-origin'); the
 * browser adds the Origin header the server checks on mutations. Messages come in `locale`.
 */
export async function request<T>(method: string, path: string, locale: Locale, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return undefined as T;
  if (!response.ok) throw await errorFromResponse(response);
  try {
    return (await response.json()) as T;
  } catch {
    return null as T;
  }
}

/** The ApiError of a failed response; a session found gone is announced to the whole console. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  const error = new ApiError(response.status, asErrorBody(parsed));
  if (error.body?.code === 'auth.required') window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
  return error;
}

/** The server's error code of a failed call, if it sent one. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  return error instanceof ApiError ? (error.body?.code ?? null) : null;
}

/** For a refused code send (429): how long until the next try may go out; otherwise null. */
export function retryAfterOf(error: unknown): number | null {
  const retry = error instanceof ApiError ? error.body?.details?.retryAfterSeconds : undefined;
  return typeof retry === 'number' ? retry : null;
}
