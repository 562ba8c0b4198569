/**
 * Staff sign-in and sign-out. The credential check, the throttle and the audit are the API login's
 * (api/auth/sign-in.ts); success starts a server-side session (ui/server/session.middleware.ts).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { secondFactorStep } from '../../api/auth/second-factor';
import { recordSignOut, signIn, userPrincipal } from '../../api/auth/sign-in';
import { rateLimit } from '../../api/middleware/rate-limit.middleware';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { TextInput } from '../components/text-input';
import { textField } from '../server/form-body';
import { safeNextPath } from '../server/html-errors.middleware';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { setPendingSignIn } from '../server/pending-sign-in';
import { respondWithPage } from '../server/respond';
import { endSession, startSession } from '../server/session.middleware';
import { homePath } from './home-path';
import type { PageDeps } from './page-deps';
import { SECOND_FACTOR_PATH, SECOND_FACTOR_SET_UP_PATH } from './second-factor-paths';

interface SignInView {
  username: string;
  next?: string;
  errors: FieldError[];
  notice?: string;
}

function renderSignIn(ctx: Context, deps: PageDeps, view: SignInView, status = 200): void {
  const state = pageState(ctx);
  const oidc = deps.config.signIn.oidc;
  const local = deps.config.signIn.localAccounts;
  respondWithPage(
    ctx,
    view.errors.length > 0 ? 'Error: Sign in' : 'Sign in',
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <ErrorSummary errors={view.errors} />
          {view.notice ? <Notice>{view.notice}</Notice> : null}
          <h1>Sign in</h1>
          <p>
            For agency staff. Residents do not need an account: <a href="/status">check a request</a> instead.
          </p>
          {oidc ? (
            <p>
              <a class="usa-button" href={`/sign-in/oidc${view.next ? `?next=${encodeURIComponent(view.next)}` : ''}`}>
                Sign in with {oidc.label}
              </a>
            </p>
          ) : null}
          {local ? (
            <>
              {oidc ? <h2>Or sign in with a CivicFlow account</h2> : null}
              <form method="post" action="/sign-in" class="usa-form usa-form--large" novalidate>
                <CsrfField token={state.csrfToken} />
                {view.next ? <input type="hidden" name="next" value={view.next} /> : null}
                <TextInput
                  id="username"
                  name="username"
                  label="Username"
                  value={view.username}
                  autocomplete="username"
                  spellcheck={false}
                  required
                  error={errorFor(view.errors, 'username')}
                />
                <TextInput
                  id="password"
                  name="password"
                  label="Password"
                  type="password"
                  autocomplete="current-password"
                  required
                  error={errorFor(view.errors, 'password')}
                />
                <button type="submit" class="usa-button">
                  Sign in
                </button>
              </form>
            </>
          ) : null}
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
    const notice =
      ctx.query.ended === '1'
        ? 'Your session ended. Sign in again to carry on.'
        : ctx.query.signedOut === '1'
          ? 'You have signed out.'
          : undefined;
    renderSignIn(ctx, deps, {
      username: '',
      errors: [],
      ...(notice ? { notice } : {}),
      ...(safeNextPath(ctx.query.next) ? { next: safeNextPath(ctx.query.next) } : {}),
    });
  });

  router.post('/sign-in', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const username = textField(form, 'username').trim().slice(0, 200);
    const password = textField(form, 'password').slice(0, 1000);
    const next = safeNextPath(textField(form, 'next'));
    const errors: FieldError[] = [];
    if (username === '') errors.push({ field: 'username', message: 'Enter your username' });
    if (password === '') errors.push({ field: 'password', message: 'Enter your password' });
    if (errors.length > 0) return renderSignIn(ctx, deps, { username, errors, ...(next ? { next } : {}) }, 400);

    const result = await signIn(
      {
        db: deps.db,
        throttle: deps.signInThrottle,
        clock: deps.clock,
        localAccounts: deps.config.signIn.localAccounts,
      },
      { username, password, ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'web' },
    );
    if (!result.ok) {
      const error: FieldError =
        result.reason === 'throttled'
          ? {
              field: 'username',
              message: `Too many failed sign-ins. Wait ${result.retryAfterSeconds} seconds, then try again.`,
            }
          : result.reason === 'local-accounts-off'
            ? {
                field: 'username',
                message: 'Sign-in with a CivicFlow password is turned off. Use your agency account instead.',
              }
            : { field: 'password', message: 'The username or password is not right. Check them and try again.' };
      if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds));
      return renderSignIn(
        ctx,
        deps,
        { username, errors: [error], ...(next ? { next } : {}) },
        result.reason === 'throttled' ? 429 : result.reason === 'local-accounts-off' ? 403 : 401,
      );
    }
    const step = await secondFactorStep(deps.db, deps.config.signIn, result.user);
    ctx.status = 303;
    if (step !== 'none') {
      // The password was right; no session until the second factor is done (or set up, when the role requires it).
      setPendingSignIn(ctx, deps.config, { userId: result.user.id, step, ...(next ? { next } : {}) }, deps.clock());
      return ctx.redirect(step === 'verify' ? SECOND_FACTOR_PATH : SECOND_FACTOR_SET_UP_PATH);
    }
    await startSession(ctx, deps, result.user);
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
    const { user, providerIdToken } = pageState(ctx);
    if (user) await recordSignOut(deps, user.principal.id, { ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'web' });
    await endSession(ctx, deps);
    // Signed in at the provider: end its session too (RP-initiated logout), which comes back to /sign-in?signedOut=1.
    const providerSignOut =
      providerIdToken && deps.oidc ? await deps.oidc.endSessionUrl(providerIdToken).catch(() => undefined) : undefined;
    ctx.status = 303;
    ctx.redirect(providerSignOut ?? '/sign-in?signedOut=1');
  });
  return router;
}
