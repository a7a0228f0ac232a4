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
