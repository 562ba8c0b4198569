/**
 * Typed errors raised by the repositories. The API maps `code` to an HTTP status in one place, so
 * every code here must stay stable.
 */
export type DbErrorCode =
  | 'DEFINITION_NOT_FOUND'
  | 'DEFINITION_VERSION_EXISTS'
  | 'DEFINITION_IMMUTABLE'
  | 'DEFINITION_STATE_CONFLICT'
  | 'CASE_NOT_FOUND'
  | 'CASE_EXISTS'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_EMPTY'
  | 'DOCUMENT_TYPE_NOT_ALLOWED'
  | 'DOCUMENT_CONTENT_MISMATCH'
  | 'DOCUMENT_INTEGRITY'
  | 'USER_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'DEPARTMENT_NOT_FOUND'
  | 'ROLE_NOT_FOUND'
  | 'INVALID_CURSOR'
  | 'INVALID_INPUT'
  | 'NOTIFICATION_NOT_FOUND'
  | 'LETTER_NOT_FOUND'
  | 'API_KEY_NOT_FOUND'
  | 'CALENDAR_NOT_FOUND';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}

/** Postgres SQLSTATE of a driver error, if any (pg and PGlite both expose `code`). */
export function sqlState(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
/** raise_exception from our triggers. */
export const RAISE_EXCEPTION = 'P0001';
