/** The resident status endpoint: rate limited, no sign-in, status and dates only. */
import { Router } from '@koa/router';
import { ApiError } from '../errors/api-error';
import { rateLimit } from '../middleware/rate-limit.middleware';
import type { RouteDeps } from './route-deps';

export function publicRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/public' });
  router.use(rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute }));
  router.get('/cases/:trackingNumber', async (ctx) => {
    const code = ctx.query.code;
    const tracking = ctx.params.trackingNumber;
    if (typeof code !== 'string' || code === '' || code.length > 100 || tracking.length > 100)
      throw new ApiError('VALIDATION_FAILED', 'give the tracking number and ?code=<verification code>');
    ctx.body = await deps.residents.status(tracking, code);
  });
  return router;
}
