/** Maps every thrown error to the one error shape and the status from HTTP_STATUS. */
import type { Middleware } from 'koa';
import type { ErrorBody } from '../errors/api-error';
import { ApiError } from '../errors/api-error';
import { toApiError } from '../errors/to-api-error';
import type { Logger } from '../logger';

export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new ApiError('NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
      // The router answers 501 for methods it implements nowhere (TRACE, PROPFIND…): to a client that is a 405 too.
      if ((ctx.status === 405 || ctx.status === 501) && (ctx.body === undefined || ctx.body === null))
        throw new ApiError('METHOD_NOT_ALLOWED', `${ctx.method} is not supported on ${ctx.path}`);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500)
        logger.error({
          msg: 'request failed',
          requestId: ctx.state.requestId,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      const body: ErrorBody = { error: { code: apiError.code, message: apiError.message, details: apiError.details } };
      ctx.status = apiError.status;
      ctx.type = 'application/json';
      ctx.body = body;
      if (apiError.code === 'RATE_LIMITED' && typeof apiError.details.retryAfterSeconds === 'number')
        ctx.set('Retry-After', String(apiError.details.retryAfterSeconds));
    }
  };
}
