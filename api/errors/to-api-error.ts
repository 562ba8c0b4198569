/** Turns anything thrown below the routes into an ApiError: the one place foreign errors are translated. */
import { DbError } from '../../db';
import { DefinitionInvalidError } from '../../domain/errors';
import { CaseClientError } from '../../client/case-client';
import { ApiError } from './api-error';

function isGrpcUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : '';
  return /UNAVAILABLE|ECONNREFUSED|Connection refused|ServiceError/.test(text);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DbError) return new ApiError(error.code, error.message, error.details);
  if (error instanceof DefinitionInvalidError)
    return new ApiError('DEFINITION_INVALID', 'the definition has errors', { problems: [...error.problems] });
  if (error instanceof CaseClientError) {
    return error.code === 'CASE_EXISTS'
      ? new ApiError('CASE_EXISTS', error.message)
      : new ApiError('CASE_BUSY', 'the case did not answer in time; try again');
  }
  if (isGrpcUnavailable(error)) return new ApiError('UNAVAILABLE', 'a backing service is unavailable');
  return new ApiError('INTERNAL', 'internal error');
}
