/**
 * Database errors, mapped in one place by what PostgreSQL (and PGlite, which exposes the same
 * fields) reports in structured form: the SQLSTATE, the constraint name and the HINT our
 * triggers set. Never by the message text, which is prose and may change or be translated.
 */

/** SQLSTATE classes this project reacts to. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  /** `RAISE EXCEPTION … USING ERRCODE = 'P0001'` in our triggers. */
  raiseException: 'P0001',
} as const;

/** The structured fields of a database error (node-postgres `DatabaseError`, PGlite `DatabaseError`). */
interface DbErrorFields {
  code?: string;
  constraint?: string;
  hint?: string;
}

const fields = (error: unknown): DbErrorFields =>
  typeof error === 'object' && error !== null ? (error as DbErrorFields) : {};

/** A unique violation, optionally of one named constraint (or unique index). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = fields(error);
  return e.code === SQLSTATE.uniqueViolation && (constraint === undefined || e.constraint === constraint);
}

/** A foreign-key violation: the row referred to was deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  return fields(error).code === SQLSTATE.foreignKeyViolation;
}

/**
 * A refusal raised by one of our triggers, named by its HINT (see migrations, e.g.
 * `certification.immutable`, `certification.transition`); null for any other error.
 */
export function triggerHint(error: unknown): string | null {
  const e = fields(error);
  return e.code === SQLSTATE.raiseException && typeof e.hint === 'string' ? e.hint : null;
}

/**
 * Node's socket errors when PostgreSQL cannot be reached or the connection drops.
 * SQLSTATE classes that mean "the server is not there right now": 08 (connection exception),
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now: a restart), 53300 (too many
 * connections) and 57014 (statement timeout or cancel: DB_STATEMENT_TIMEOUT_SECONDS hit).
 */
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
/**
 * node-postgres raises these with no code at all; their text is the library's own and stable
 * (pg-pool's checkout timeout and pg's lost-connection errors) — the one exception to mapping by
 * structured fields.
 */
const UNCODED_PG_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
];

/**
 * True when the database is unreachable or too slow rather than refusing this statement: the
 * request should be retried later (a coded 503 with Retry-After), not reported as a bug (500).
 * A transaction that failed this way was rolled back by PostgreSQL (or never committed).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = fields(error) as DbErrorFields & { message?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    if (UNREACHABLE_SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  // Node's AggregateError when every address of "localhost" (::1, 127.0.0.1) refused.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable)) return true;
  return typeof e.message === 'string' && UNCODED_PG_MESSAGES.some((m) => (e.message as string).startsWith(m));
}
