/**
 * File uploads from a page (multipart/form-data). The CSRF middleware lets multipart through only on
 * upload paths; the route must call `readUploadForm`, which checks the `_csrf` field of the multipart
 * body before anything is stored (the limits and the parser are the API's, api/middleware/multipart).
 */
import type { Context } from 'koa';
import { readSingleFile, type FieldLimits, type UploadedFile } from '../../api/middleware/multipart';
import { csrfRefusal, CSRF_FIELD, sameToken } from './csrf-token';
import { pageState } from './page-state';

/** Paths that take multipart uploads: a case's documents; a resident's answer on the portal. */
export function isUploadPath(path: string): boolean {
  return /^\/cases\/[^/]+\/documents$/.test(path) || path === '/portal/follow/answer' || /^\/portal\/request\/[^/]+\/attachment$/.test(path);
}

export async function readUploadForm(ctx: Context, maxBytes: number, fieldLimits?: FieldLimits): Promise<UploadedFile> {
  // A body refused by its limits (too large, malformed) stores nothing either, whoever sent it.
  const file = await readSingleFile(ctx, maxBytes, fieldLimits);
  if (!sameToken(file.fields[CSRF_FIELD] ?? '', pageState(ctx).csrfToken)) throw csrfRefusal();
  return file;
}
