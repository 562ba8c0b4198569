/**
 * Every state-changing request from a page must carry the CSRF token of its session (synchroniser
 * token, stored with the session; visitors not signed in have one bound to their visitor cookie).
 * Forms post application/x-www-form-urlencoded with a hidden `_csrf` field (components/CsrfField).
 * The form is read here, once, and left on ctx.state.form. Anything else is refused with 403.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { readFormBody, textField } from './form-body';
import { pageState } from './page-state';

export const CSRF_FIELD = '_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function csrfProtection(options: { bodyLimitBytes: number }): Middleware {
  return async (ctx, next) => {
    if (SAFE_METHODS.has(ctx.method)) {
      await next();
      return;
    }
    const refused = () => new ApiError('FORBIDDEN', 'this form has expired or did not come from this site', { reason: 'csrf' });
    if (!ctx.is('application/x-www-form-urlencoded')) throw refused();
    const form = await readFormBody(ctx, options.bodyLimitBytes);
    if (!sameToken(textField(form, CSRF_FIELD), pageState(ctx).csrfToken)) throw refused();
    pageState(ctx).form = form;
    await next();
  };
}
