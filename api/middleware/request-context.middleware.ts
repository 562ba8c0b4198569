/**
 * First in the chain: a request id (kept from a well-formed X-Request-Id, else new), one structured
 * log line per request, and request metrics.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logger';
import type { ApiMetrics } from '../metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function requestContext(logger: Logger, metrics: ApiMetrics): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const given = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : 'unmatched';
      metrics.requests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.duration.observe({ method: ctx.method, route }, seconds);
      const record = {
        msg: 'request',
        requestId,
        method: ctx.method,
        path: ctx.path,
        route,
        status: ctx.status,
        ms: Math.round(seconds * 1000),
        ip: ctx.ip,
        principal: (ctx.state.principal as { id?: string } | undefined)?.id,
      };
      if (ctx.status >= 500) logger.error(record);
      else logger.info(record);
    }
  };
}
