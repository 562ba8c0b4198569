/**
 * File uploads from a page (multipart/form-data). The CSRF middleware lets multipart through only on
 * upload paths; the route must call `readUploadForm`, which checks the `_csrf` field of the multipart
 * body before anything is stored (the limits and the parser are the API's, api/middleware/multipart).
 */
import type { Context } from 'koa';
import { FormLimitError, readSingleFile, type FieldLimits, type UploadedFile } from '../../api/middleware/multipart';
import { csrfRefusal, CSRF_FIELD, sameToken } from './csrf-token';
import { pageState } from './page-state';

/** Paths that take multipart uploads: a case's documents; a resident's answer on the portal. */
export function isUploadPath(path: string): boolean {
  return (
    /^\/cases\/[^/]+\/documents$/.test(path) ||
    path === '/portal/follow/answer' ||
    /^\/portal\/request\/[^/]+\/attachment$/.test(path)
  );
}

/**
 * A form past its field limits is refused (FormLimitError, 413) with the fields read before the
 * limit, for the page to show again with the error beside the field, once its CSRF token checks.
 */
export async function readUploadForm(ctx: Context, maxBytes: number, fieldLimits?: FieldLimits): Promise<UploadedFile> {
  // A body refused by its limits (too large, malformed) stores nothing either, whoever sent it.
  let file: UploadedFile;
  try {
    file = await readSingleFile(ctx, maxBytes, fieldLimits);
  } catch (error) {
    if (error instanceof FormLimitError && !sameToken(error.fields[CSRF_FIELD] ?? '', pageState(ctx).csrfToken))
      throw csrfRefusal();
    throw error;
  }
  if (!sameToken(file.fields[CSRF_FIELD] ?? '', pageState(ctx).csrfToken)) throw csrfRefusal();
  return file;
}
