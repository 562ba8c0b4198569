import type { Context } from 'koa';
import { ifNoneMatchHits } from '../services/list-change-tag';

/**
 * Sets the list's ETag and answers 304 when the request's If-None-Match already holds it. True when
 * the 304 was sent. Cache-Control stays `no-store` (lists carry personal data; no shared or disk
 * cache): a live-refresh script keeps the last ETag itself and sends it in If-None-Match.
 */
export function answerNotModified(ctx: Context, tag: string): boolean {
  ctx.set('ETag', tag);
  if (!ifNoneMatchHits(ctx.get('if-none-match') || undefined, tag)) return false;
  ctx.status = 304;
  return true;
}
