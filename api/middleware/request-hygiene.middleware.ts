/**
 * Refuses what no endpoint accepts, before any route sees it: a malformed percent-encoding, a NUL
 * character in the path or query (Postgres cannot hold one in text), overlong URLs.
 */
import type { Middleware } from 'koa';
import { ApiError } from '../errors/api-error';

const MAX_URL_LENGTH = 8192;
const NUL = /\u0000/;

export function requestHygiene(): Middleware {
  return async (ctx, next) => {
    if (ctx.url.length > MAX_URL_LENGTH)
      throw new ApiError('VALIDATION_FAILED', 'the URL is too long', { maxLength: MAX_URL_LENGTH });
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      throw new ApiError('VALIDATION_FAILED', 'the URL is not well-formed');
    }
    let query: Record<string, string | string[] | undefined>;
    try {
      query = ctx.query;
    } catch {
      throw new ApiError('VALIDATION_FAILED', 'the query string is not well-formed');
    }
    const values = Object.entries(query).flatMap(([key, value]) => [
      key,
      ...(Array.isArray(value) ? value : value === undefined ? [] : [value]),
    ]);
    if (NUL.test(path) || values.some((value) => NUL.test(value)))
      throw new ApiError('VALIDATION_FAILED', 'the URL contains a NUL character');
    await next();
  };
}
