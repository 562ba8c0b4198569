/** The synchroniser token comparison and refusal, shared by form posts and multipart uploads. */
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../api/errors/api-error';

export const CSRF_FIELD = '_csrf';

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function csrfRefusal(): ApiError {
  return new ApiError('FORBIDDEN', 'this form has expired or did not come from this site', { reason: 'csrf' });
}
