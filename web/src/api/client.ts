import { defaultLocale, errorStatus, type ErrorBody, type ErrorCode, type Locale } from '@devplat/common';
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

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

/** The language server messages come in: the console's current one (set by I18nProvider). */
let requestLocale: Locale = defaultLocale;

export function setRequestLocale(locale: Locale): void {
  requestLocale = locale;
}

/** The headers every call sends: JSON answers in the console's language. */
export function requestHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'Accept-Language': requestLocale };
}

/**
 * The typed client of /api/v1 (paths and bodies from the served OpenAPI document). The session
 * is an HttpOnly cookie (credentials 'same-origin'); the browser adds the Origin header the
 * server checks on mutations.
 */
export const http = createClient<paths>({ credentials: 'same-origin' });
http.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(requestHeaders())) request.headers.set(name, value);
    return request;
  },
});

/** The ApiError of a failed answer; a session found gone is announced to the whole console. */
export function apiError(status: number, parsed: unknown): ApiError {
  const error = new ApiError(status, asErrorBody(parsed));
  if (error.body?.code === 'auth.required') window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
  return error;
}

/** The ApiError of a failed fetch Response (calls outside the typed client: uploads). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return apiError(response.status, parsed);
}

/**
 * The body of a typed call's success, or its failure thrown as ApiError (status 0: the network
 * failed). 204 answers resolve to undefined.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, null);
  }
  if (!result.response.ok) throw apiError(result.response.status, result.error ?? null);
  return result.data as T;
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
