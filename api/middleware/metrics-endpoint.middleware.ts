/**
 * GET /metrics (Prometheus), before authentication: its bearer token is METRICS_TOKEN, not a staff
 * JWT. Without a token configured it is open, as before; with METRICS_PORT it is served on its own
 * listener only (metricsApp), not on the API port.
 */
import { timingSafeEqual } from 'node:crypto';
import Koa, { type Middleware } from 'koa';
import { ApiError } from '../errors/api-error';
import type { Logger } from '../logger';
import type { ApiMetrics } from '../metrics';
import { errorHandler } from './error-handler.middleware';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsEndpoint(metrics: ApiMetrics, token: string | undefined): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics') {
      await next();
      return;
    }
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      throw new ApiError('METHOD_NOT_ALLOWED', `${ctx.method} is not supported on /metrics`);
    }
    if (token !== undefined) {
      const match = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
      if (!match || !sameSecret(match[1], token)) {
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new ApiError('UNAUTHENTICATED', 'send Authorization: Bearer <METRICS_TOKEN>');
      }
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}

/** The metrics endpoint alone, for a listener of its own (METRICS_PORT). */
export function metricsApp(metrics: ApiMetrics, token: string | undefined, logger: Logger): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler(logger));
  app.use(metricsEndpoint(metrics, token));
  return app;
}
