/**
 * The pages' error handler: every thrown error becomes an HTML page with the status from the API's
 * one table (HTTP_STATUS), except "not signed in", which redirects to the sign-in page and back.
 */
import type { Middleware } from 'koa';
import type { Logger } from '../../api/logger';
import { ApiError } from '../../api/errors/api-error';
import { toApiError } from '../../api/errors/to-api-error';
import { ErrorPage } from '../components/error-page';
import { pageState } from './page-state';
import { respondWithPage } from './respond';

function headingFor(error: ApiError): { heading: string; message: string } {
  if (error.code === 'FORBIDDEN' && error.details.reason === 'csrf')
    return {
      heading: 'This form has expired',
      message: 'For your security the form was not accepted. Go back, reload the page and try again.',
    };
  if (error.status === 404)
    return { heading: 'Page not found', message: 'There is no page at this address, or you do not have access to it.' };
  if (error.status === 403) return { heading: 'You cannot do this', message: error.message };
  if (error.status === 429) {
    const wait = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : 60;
    return { heading: 'Too many attempts', message: `Wait ${wait} seconds and try again.` };
  }
  if (error.status >= 500)
    return {
      heading: 'Sorry, there is a problem with the service',
      message: 'Try again later. Nothing you entered has been lost from earlier pages.',
    };
  return { heading: 'The request could not be handled', message: error.message };
}

/** Only local paths may be a sign-in "next" target (no //host or scheme: no open redirect). */
export function safeNextPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : undefined;
}

export function htmlErrors(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new ApiError('NOT_FOUND', `no page at ${ctx.path}`);
      if (ctx.status === 405 && (ctx.body === undefined || ctx.body === null))
        throw new ApiError('METHOD_NOT_ALLOWED', `${ctx.method} is not supported on ${ctx.path}`);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.code === 'UNAUTHENTICATED' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
        const next = safeNextPath(ctx.originalUrl);
        ctx.redirect(
          `/sign-in${pageState(ctx).sessionEnded ? '?ended=1' : ''}${next && next !== '/' ? `${pageState(ctx).sessionEnded ? '&' : '?'}next=${encodeURIComponent(next)}` : ''}`,
        );
        return;
      }
      if (error.status >= 500)
        logger.error({
          msg: 'page request failed',
          requestId: ctx.state.requestId,
          error: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
        });
      if (error.code === 'RATE_LIMITED' && typeof error.details.retryAfterSeconds === 'number')
        ctx.set('Retry-After', String(error.details.retryAfterSeconds));
      const { heading, message } = headingFor(error);
      respondWithPage(
        ctx,
        heading,
        <ErrorPage
          heading={heading}
          message={message}
          requestId={typeof ctx.state.requestId === 'string' ? ctx.state.requestId : undefined}
        />,
        error.status,
      );
    }
  };
}
