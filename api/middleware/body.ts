/**
 * Request bodies read with a byte limit and parsed by content type. Reading is explicit per route,
 * so nothing is buffered for routes that take no body.
 */
import type { Context } from 'koa';
import { readBoundedBody } from '../../lib/bounded-body';
import { ApiError } from '../errors/api-error';

export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const body = await readBoundedBody(ctx.req, limitBytes);
  if (!body) throw new ApiError('BODY_TOO_LARGE', `the body is larger than ${limitBytes} bytes`, { limitBytes });
  return body;
}

/** JSON body (application/json only). An empty body is `{}` for routes whose fields are all optional. */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const type = ctx.get('content-type');
  const raw = await readRawBody(ctx, limitBytes);
  if (raw.length === 0) return {};
  if (!ctx.is('application/json'))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', { contentType: type });
  const text = raw.toString('utf8');
  // Postgres text cannot hold NUL; no field of this API needs one.
  if (text.includes('\\u0000') || text.includes('\u0000'))
    throw new ApiError('VALIDATION_FAILED', 'the body contains a NUL character');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('MALFORMED_JSON', 'the body is not valid JSON', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}
