/**
 * Typed API errors and the one table that maps every error code to an HTTP status. The code union
 * includes the database layer's codes, so the compiler refuses a code without a status.
 */
import type { DbErrorCode } from '../../db';

export type ApiOwnErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'MALFORMED_REQUEST'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'DEFINITION_INVALID'
  | 'DEFINITION_NOT_PUBLISHED'
  | 'ACTION_REJECTED'
  | 'ACTION_IGNORED'
  | 'STEP_NOT_ACTIVE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'RATE_LIMITED'
  | 'CASE_BUSY'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'CASE_UNDER_LEGAL_HOLD'
  | 'CASE_NOT_DUE_FOR_DISPOSAL'
  | 'LEGAL_HOLD_NOT_FOUND'
  | 'DISPOSITION_BATCH_NOT_FOUND'
  | 'ARTICLE_NOT_FOUND'
  /** The article's newest version is already published: edit it first. */
  | 'NOTHING_TO_PUBLISH'
  /** A department system's callback: unsigned or signed with another secret. */
  | 'SIGNATURE_INVALID'
  /** A signed call whose timestamp is outside the five-minute window. */
  | 'SIGNATURE_EXPIRED'
  /** A callback id already acted on: a replay changes nothing. */
  | 'CALLBACK_REPLAYED'
  | 'WORK_ORDER_NOT_FOUND'
  /** The case has no email address for the resident (or they asked for no messages). */
  | 'RESIDENT_UNREACHABLE';

export type ApiErrorCode = ApiOwnErrorCode | DbErrorCode;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  RESIDENT_UNREACHABLE: 409,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  DEFINITION_INVALID: 422,
  DEFINITION_NOT_PUBLISHED: 422,
  ACTION_REJECTED: 409,
  ACTION_IGNORED: 409,
  STEP_NOT_ACTIVE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  RATE_LIMITED: 429,
  CASE_BUSY: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  CASE_UNDER_LEGAL_HOLD: 409,
  CASE_NOT_DUE_FOR_DISPOSAL: 409,
  LEGAL_HOLD_NOT_FOUND: 404,
  DISPOSITION_BATCH_NOT_FOUND: 404,
  ARTICLE_NOT_FOUND: 404,
  NOTHING_TO_PUBLISH: 409,
  SIGNATURE_INVALID: 401,
  SIGNATURE_EXPIRED: 401,
  CALLBACK_REPLAYED: 409,
  WORK_ORDER_NOT_FOUND: 404,
  // database layer
  DEFINITION_NOT_FOUND: 404,
  DEFINITION_VERSION_EXISTS: 409,
  DEFINITION_IMMUTABLE: 409,
  DEFINITION_STATE_CONFLICT: 409,
  CASE_NOT_FOUND: 404,
  CASE_EXISTS: 409,
  DOCUMENT_NOT_FOUND: 404,
  DOCUMENT_TOO_LARGE: 413,
  DOCUMENT_EMPTY: 400,
  DOCUMENT_TYPE_NOT_ALLOWED: 415,
  DOCUMENT_CONTENT_MISMATCH: 415,
  DOCUMENT_INTEGRITY: 500,
  USER_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  DEPARTMENT_NOT_FOUND: 404,
  ROLE_NOT_FOUND: 404,
  INVALID_CURSOR: 400,
  INVALID_INPUT: 400,
  NOTIFICATION_NOT_FOUND: 404,
  LETTER_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  CALENDAR_NOT_FOUND: 404,
};

export const API_ERROR_CODES = Object.keys(HTTP_STATUS) as ApiErrorCode[];

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/** The body every error response carries. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details: Record<string, unknown> };
}
