import type { Context } from 'koa';
import type { RequestSource } from '../services/service-deps';

export function requestSource(ctx: Context, channel = 'api'): RequestSource {
  return { ...(ctx.ip ? { ip: ctx.ip } : {}), channel };
}
