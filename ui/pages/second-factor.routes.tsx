/**
 * The second factor of local accounts: entering a code after the password (`/sign-in/second-factor`)
 * and setting one up (`/sign-in/second-factor/set-up`: QR code and the key to type by hand, then the
 * first code, then the recovery codes, shown once). Set-up serves a person part-way through sign-in
 * whose role requires a second factor, and a signed-in person who chooses one.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import {
  beginEnrolment,
  confirmEnrolment,
  pendingEnrolment,
  verifySecondFactor,
  type Enrolment,
} from '../../api/auth/second-factor';
import { getUser, type UserRecord } from '../../db';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { TextInput } from '../components/text-input';
import { textField } from '../server/form-body';
import { pageState, postedForm } from '../server/page-state';
import { clearPendingSignIn, readPendingSignIn, type PendingSignIn } from '../server/pending-sign-in';
import { respondWithPage } from '../server/respond';
import { startSession } from '../server/session.middleware';
import { homePath } from './home-path';
import type { PageDeps } from './page-deps';
import { userPrincipal } from '../../api/auth/sign-in';
import { SECOND_FACTOR_PATH, SECOND_FACTOR_SET_UP_PATH } from './second-factor-paths';

const source = (ctx: Context) => ({ channel: 'web', ...(ctx.ip ? { ip: ctx.ip } : {}) });

function renderCodeForm(ctx: Context, errors: FieldError[], status = 200): void {
  respondWithPage(
    ctx,
    errors.length > 0 ? 'Error: Enter your code' : 'Enter your code',
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <ErrorSummary errors={errors} />
          <h1>Enter your code</h1>
          <form method="post" action={SECOND_FACTOR_PATH} class="usa-form usa-form--large" novalidate>
            <CsrfField token={pageState(ctx).csrfToken} />
            <TextInput
              id="code"
              name="code"
              label="Code"
              hint="The 6-digit code from your authenticator app, or one of your recovery codes"
              autocomplete="one-time-code"
              spellcheck={false}
              required
              error={errorFor(errors, 'code')}
            />
            <button type="submit" class="usa-button">
              Continue
            </button>
          </form>
          <p>
            <a href="/sign-in">Start again</a>
          </p>
        </div>
      </div>
    </div>,
    status,
  );
}

function renderSetUp(ctx: Context, enrolment: Enrolment, errors: FieldError[], status = 200): void {
  respondWithPage(
    ctx,
    errors.length > 0 ? 'Error: Set up a second factor' : 'Set up a second factor',
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <ErrorSummary errors={errors} />
          <h1>Set up a second factor</h1>
          <p>Signing in will ask for a code from an authenticator app on your phone as well as your password.</p>
          <ol class="usa-process-list">
            <li class="usa-process-list__item">
              <h2 class="usa-process-list__heading">Add CivicFlow to your authenticator app</h2>
              <p>Scan this QR code with the app.</p>
              <img
                src={enrolment.qrDataUrl}
                alt="QR code to add CivicFlow to an authenticator app"
                width={200}
                height={200}
              />
              <p>
                Cannot scan it? Enter this key in the app instead: <code id="totp-key">{enrolment.secret}</code>
              </p>
            </li>
            <li class="usa-process-list__item">
              <h2 class="usa-process-list__heading">Enter the code the app shows</h2>
              <form method="post" action={SECOND_FACTOR_SET_UP_PATH} class="usa-form" novalidate>
                <CsrfField token={pageState(ctx).csrfToken} />
                <TextInput
                  id="code"
                  name="code"
                  label="Code"
                  hint="6 digits"
                  autocomplete="one-time-code"
                  width="sm"
                  spellcheck={false}
                  required
                  error={errorFor(errors, 'code')}
                />
                <button type="submit" class="usa-button">
                  Turn on the second factor
                </button>
              </form>
            </li>
          </ol>
        </div>
      </div>
    </div>,
    status,
  );
}

function renderRecoveryCodes(ctx: Context, codes: string[], next: string): void {
  respondWithPage(
    ctx,
    'Your recovery codes',
    <div class="grid-container">
      <Notice kind="success">Your second factor is on.</Notice>
      <h1>Your recovery codes</h1>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them
        somewhere safe: they are shown only now.
      </p>
      <ul class="cf-recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="usa-button" href={next}>
          Continue
        </a>
      </p>
    </div>,
  );
}

export function secondFactorRoutes(deps: PageDeps): Router {
  const router = new Router();
  const factorDeps = { db: deps.db, clock: deps.clock, throttle: deps.signInThrottle };

  /** The person part-way through sign-in at `step`, or undefined (then back to the start). */
  async function pendingUser(
    ctx: Context,
    step: PendingSignIn['step'],
  ): Promise<{ user: UserRecord; pending: PendingSignIn } | undefined> {
    const pending = readPendingSignIn(ctx, deps.config, deps.clock());
    const user = pending?.step === step ? await getUser(deps.db, pending.userId) : undefined;
    return pending && user?.active ? { user, pending } : undefined;
  }

  /** Who is setting up: a signed-in person, or one whose role requires it, part-way through sign-in. */
  async function enrollingUser(ctx: Context): Promise<{ user: UserRecord; pending?: PendingSignIn } | undefined> {
    const signedIn = pageState(ctx).user;
    if (signedIn) {
      const user = await getUser(deps.db, signedIn.principal.id);
      return user ? { user } : undefined;
    }
    return pendingUser(ctx, 'enrol');
  }

  router.get(SECOND_FACTOR_PATH, async (ctx) => {
    if (!(await pendingUser(ctx, 'verify'))) return ctx.redirect('/sign-in');
    renderCodeForm(ctx, []);
  });

  router.post(SECOND_FACTOR_PATH, async (ctx) => {
    const found = await pendingUser(ctx, 'verify');
    if (!found) return ctx.redirect('/sign-in');
    const code = textField(postedForm(ctx), 'code').trim().slice(0, 100);
    if (code === '')
      return renderCodeForm(ctx, [{ field: 'code', message: 'Enter the code from your authenticator app' }], 400);
    const result = await verifySecondFactor(factorDeps, found.user, code, source(ctx));
    if (!result.ok) {
      if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds ?? 1));
      const message =
        result.reason === 'throttled'
          ? `Too many wrong codes. Wait ${result.retryAfterSeconds ?? 1} seconds, then try again.`
          : 'The code is not right or was already used. Enter the current code from your app, or an unused recovery code.';
      return renderCodeForm(ctx, [{ field: 'code', message }], result.reason === 'throttled' ? 429 : 401);
    }
    clearPendingSignIn(ctx, deps.config);
    await startSession(ctx, deps, found.user);
    ctx.status = 303;
    ctx.redirect(found.pending.next ?? homePath(userPrincipal(found.user)));
  });

  router.get(SECOND_FACTOR_SET_UP_PATH, async (ctx) => {
    const found = await enrollingUser(ctx);
    if (!found) return ctx.redirect('/sign-in');
    const enrolment = await beginEnrolment(deps.db, deps.config.signIn, found.user);
    if (!enrolment) {
      respondWithPage(
        ctx,
        'Second factor',
        <div class="grid-container">
          <Notice>Your second factor is already on.</Notice>
          <h1>Second factor</h1>
          <p>
            <a href="/work">Go to your work</a>
          </p>
        </div>,
      );
      return;
    }
    renderSetUp(ctx, enrolment, []);
  });

  router.post(SECOND_FACTOR_SET_UP_PATH, async (ctx) => {
    const found = await enrollingUser(ctx);
    if (!found) return ctx.redirect('/sign-in');
    const code = textField(postedForm(ctx), 'code').trim().slice(0, 100);
    const codes = code === '' ? undefined : await confirmEnrolment(factorDeps, found.user, code, source(ctx));
    if (!codes) {
      const enrolment = await pendingEnrolment(deps.db, deps.config.signIn, found.user);
      if (!enrolment) return ctx.redirect(SECOND_FACTOR_SET_UP_PATH);
      const message =
        code === ''
          ? 'Enter the 6-digit code from your authenticator app'
          : 'The code is not right. Enter the code your app shows now.';
      return renderSetUp(ctx, enrolment, [{ field: 'code', message }], code === '' ? 400 : 401);
    }
    if (found.pending) {
      // The second factor has just been proved with the first code: the sign-in is complete.
      clearPendingSignIn(ctx, deps.config);
      await startSession(ctx, deps, found.user);
    }
    renderRecoveryCodes(ctx, codes, found.pending?.next ?? homePath(userPrincipal(found.user)));
  });
  return router;
}
