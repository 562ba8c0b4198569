/**
 * Every state-changing request from a page must carry the CSRF token of its session (synchroniser
 * token, stored with the session; visitors not signed in have one bound to their visitor cookie).
 * Forms post application/x-www-form-urlencoded with a hidden `_csrf` field (components/CsrfField);
 * uploads post multipart on upload paths only, and their route checks the field (upload-form.ts).
 * The form is read here, once, and left on ctx.state.form. Anything else is refused with 403.
 */
import type { Middleware } from 'koa';
import { csrfRefusal, CSRF_FIELD, sameToken } from './csrf-token';
import { DEFINITION_FORM_LIMIT_BYTES, isDefinitionFormPath } from './definition-form';
import { readFormBody, textField } from './form-body';
import { pageState } from './page-state';
import { isUploadPath } from './upload-form';

export { CSRF_FIELD } from './csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfProtection(options: { bodyLimitBytes: number }): Middleware {
  return async (ctx, next) => {
    if (SAFE_METHODS.has(ctx.method)) {
      await next();
      return;
    }
    const refused = csrfRefusal;
    // Uploads: the route reads the multipart body and checks its _csrf field first (upload-form.ts).
    if (isUploadPath(ctx.path) && ctx.is('multipart/form-data')) {
      await next();
      return;
    }
    if (!ctx.is('application/x-www-form-urlencoded')) throw refused();
    const form = await readFormBody(
      ctx,
      isDefinitionFormPath(ctx.path)
        ? Math.max(options.bodyLimitBytes, DEFINITION_FORM_LIMIT_BYTES)
        : options.bodyLimitBytes,
    );
    if (!sameToken(textField(form, CSRF_FIELD), pageState(ctx).csrfToken)) throw refused();
    pageState(ctx).form = form;
    await next();
  };
}
