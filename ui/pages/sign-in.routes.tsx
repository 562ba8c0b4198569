/**
 * Staff sign-in and sign-out. The credential check, the throttle and the audit are the API login's
 * (api/auth/sign-in.ts); success starts a server-side session (ui/server/session.middleware.ts).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { recordSignOut, signIn, userPrincipal } from '../../api/auth/sign-in';
import { rateLimit } from '../../api/middleware/rate-limit.middleware';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { TextInput } from '../components/text-input';
import { textField } from '../server/form-body';
import { safeNextPath } from '../server/html-errors.middleware';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import { endSession, startSession } from '../server/session.middleware';
import { homePath } from './home-path';
import type { PageDeps } from './page-deps';

interface SignInView {
  username: string;
  next?: string;
  errors: FieldError[];
  notice?: string;
}

function renderSignIn(ctx: Context, view: SignInView, status = 200): void {
  const state = pageState(ctx);
  respondWithPage(
    ctx,
    view.errors.length > 0 ? 'Error: Sign in' : 'Sign in',
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <ErrorSummary errors={view.errors} />
          {view.notice ? <Notice>{view.notice}</Notice> : null}
          <h1>Sign in</h1>
          <p>For agency staff. Residents do not need an account: <a href="/status">check a request</a> instead.</p>
          <form method="post" action="/sign-in" class="usa-form usa-form--large" novalidate>
            <CsrfField token={state.csrfToken} />
            {view.next ? <input type="hidden" name="next" value={view.next} /> : null}
            <TextInput id="username" name="username" label="Username" value={view.username} autocomplete="username" spellcheck={false} required error={errorFor(view.errors, 'username')} />
            <TextInput id="password" name="password" label="Password" type="password" autocomplete="current-password" required error={errorFor(view.errors, 'password')} />
            <button type="submit" class="usa-button">
              Sign in
            </button>
          </form>
        </div>
      </div>
    </div>,
    status,
  );
}

export function signInRoutes(deps: PageDeps): Router {
  const router = new Router();
  const limiter = rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute });

  router.get('/sign-in', (ctx) => {
    if (pageState(ctx).user) return ctx.redirect('/work');
    const notice = ctx.query.ended === '1' ? 'Your session ended. Sign in again to carry on.' : ctx.query.signedOut === '1' ? 'You have signed out.' : undefined;
    renderSignIn(ctx, { username: '', errors: [], ...(notice ? { notice } : {}), ...(safeNextPath(ctx.query.next) ? { next: safeNextPath(ctx.query.next) } : {}) });
  });

  router.post('/sign-in', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const username = textField(form, 'username').trim().slice(0, 200);
    const password = textField(form, 'password').slice(0, 1000);
    const next = safeNextPath(textField(form, 'next'));
    const errors: FieldError[] = [];
    if (username === '') errors.push({ field: 'username', message: 'Enter your username' });
    if (password === '') errors.push({ field: 'password', message: 'Enter your password' });
    if (errors.length > 0) return renderSignIn(ctx, { username, errors, ...(next ? { next } : {}) }, 400);

    const result = await signIn({ db: deps.db, throttle: deps.signInThrottle, clock: deps.clock }, { username, password, ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'web' });
    if (!result.ok) {
      const error: FieldError =
        result.reason === 'throttled'
          ? { field: 'username', message: `Too many failed sign-ins. Wait ${result.retryAfterSeconds} seconds, then try again.` }
          : { field: 'password', message: 'The username or password is not right. Check them and try again.' };
      if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds));
      return renderSignIn(ctx, { username, errors: [error], ...(next ? { next } : {}) }, result.reason === 'throttled' ? 429 : 401);
    }
    await startSession(ctx, deps, result.user);
    ctx.status = 303;
    ctx.redirect(next ?? homePath(userPrincipal(result.user)));
  });

  router.get('/sign-out', (ctx) => {
    requireSignedIn(ctx);
    respondWithPage(
      ctx,
      'Sign out',
      <div class="grid-container">
        <h1>Sign out</h1>
        <form method="post" action="/sign-out">
          <CsrfField token={pageState(ctx).csrfToken} />
          <button type="submit" class="usa-button">
            Sign out now
          </button>
        </form>
      </div>,
    );
  });

  router.post('/sign-out', async (ctx) => {
    const user = pageState(ctx).user;
    if (user) await recordSignOut(deps, user.principal.id, { ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'web' });
    await endSession(ctx, deps);
    ctx.status = 303;
    ctx.redirect('/sign-in?signedOut=1');
  });
  return router;
}
