/**
 * Single sign-on (OpenID Connect): `/sign-in/oidc` sends the browser to the agency's provider with a
 * fresh state, nonce and PKCE challenge; `/sign-in/oidc/callback` takes it back. The callback is
 * accepted only with the state this browser was given (cookie) and that the server still holds (single
 * use), and only with an ID token that passes every check (api/auth/oidc/oidc-client.ts). Who the
 * person is here comes from their groups (api/auth/oidc/provider-sign-in.ts); each refusal has a page
 * saying why and what to do, and is audited.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ProviderSignInError } from '../../api/auth/oidc/oidc-client';
import { signInWithProvider } from '../../api/auth/oidc/provider-sign-in';
import { recordSignInEvent } from '../../api/auth/platform-audit';
import { claimSignInTransaction, saveSignInTransaction } from '../../db';
import { safeNextPath } from '../server/html-errors.middleware';
import { pageState } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import { cookieOptions, startSession } from '../server/session.middleware';
import { homePath } from './home-path';
import type { PageDeps } from './page-deps';
import { userPrincipal } from '../../api/auth/sign-in';

const STATE_COOKIE = 'cf_oidc_state';
/** Time allowed at the provider between leaving and coming back. */
const TRANSACTION_SECONDS = 10 * 60;

function renderRefusal(ctx: Context, heading: string, paragraphs: string[], status: number): void {
  respondWithPage(
    ctx,
    heading,
    <div class="grid-container">
      <h1>{heading}</h1>
      {paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </div>,
    status,
  );
}

export function oidcSignInRoutes(deps: PageDeps): Router {
  const router = new Router();
  const oidc = deps.oidc;
  if (!oidc) return router;
  const source = (ctx: Context) => ({ channel: 'web', ...(ctx.ip ? { ip: ctx.ip } : {}) });
  const refuse = async (ctx: Context, reason: string, message?: string) => {
    await recordSignInEvent(
      deps,
      'unknown:oidc',
      'auth.login-failed',
      { method: 'oidc', reason, ...(message ? { message: message.slice(0, 300) } : {}) },
      source(ctx),
    );
  };

  router.get('/sign-in/oidc', async (ctx) => {
    if (pageState(ctx).user) return ctx.redirect('/work');
    let request;
    try {
      request = await oidc.authorizationRequest();
    } catch (error) {
      if (!(error instanceof ProviderSignInError)) throw error;
      return renderRefusal(
        ctx,
        'Sign-in is not available just now',
        ['The agency sign-in service could not be reached. Try again in a few minutes.'],
        503,
      );
    }
    const next = safeNextPath(ctx.query.next);
    const now = deps.clock();
    await saveSignInTransaction(
      deps.db,
      request.state,
      { nonce: request.nonce, codeVerifier: request.codeVerifier, ...(next ? { nextPath: next } : {}) },
      new Date(now.getTime() + TRANSACTION_SECONDS * 1000),
    );
    ctx.cookies.set(STATE_COOKIE, request.state, cookieOptions(ctx, deps.config));
    ctx.redirect(request.url);
  });

  router.get('/sign-in/oidc/callback', async (ctx) => {
    const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    const ownState = ctx.cookies.get(STATE_COOKIE);
    ctx.cookies.set(STATE_COOKIE, null, cookieOptions(ctx, deps.config));
    // The state must be the one this browser was sent with, and still unused on the server.
    const transaction =
      state !== '' && state === ownState ? await claimSignInTransaction(deps.db, state, deps.clock()) : undefined;
    if (!transaction) {
      await refuse(ctx, 'unknown-state');
      return renderRefusal(
        ctx,
        'This sign-in has expired',
        [
          'The sign-in was started in another browser, took too long, or was already used.',
          'Start again from the sign-in page.',
        ],
        400,
      );
    }
    // The provider redirected to the registered address; check the answer against exactly that.
    const callbackUrl = new URL(`${oidc.config.redirectUri}?${ctx.querystring}`);
    let verified;
    try {
      verified = await oidc.complete(callbackUrl, {
        state,
        nonce: transaction.nonce,
        codeVerifier: transaction.codeVerifier,
      });
    } catch (error) {
      if (!(error instanceof ProviderSignInError)) throw error;
      await refuse(ctx, error.reason, error.message);
      if (error.reason === 'unavailable')
        return renderRefusal(
          ctx,
          'Sign-in is not available just now',
          ['The agency sign-in service could not be reached. Try again in a few minutes.'],
          503,
        );
      return renderRefusal(
        ctx,
        'Sign-in failed',
        [
          'The answer from the agency sign-in service could not be accepted, so you have not been signed in.',
          'Start again from the sign-in page. If it keeps happening, tell your IT service desk.',
        ],
        401,
      );
    }
    const result = await signInWithProvider({ db: deps.db, clock: deps.clock, oidc }, verified, source(ctx));
    if (!result.ok) {
      return result.reason === 'no-mapped-group'
        ? renderRefusal(
            ctx,
            'Your account does not have access to CivicFlow',
            [
              'You signed in at your agency, but your account is not in any group that gives access to CivicFlow.',
              'Ask your supervisor or IT service desk to add you to the right group, then sign in again.',
            ],
            403,
          )
        : renderRefusal(
            ctx,
            'Your CivicFlow account is switched off',
            ['An administrator has switched off your CivicFlow account. Ask them to switch it on again.'],
            403,
          );
    }
    await startSession(ctx, deps, result.user, {
      subject: verified.subject,
      accessToken: verified.accessToken,
      idToken: verified.idToken,
      checkedAt: deps.clock(),
    });
    ctx.redirect(transaction.nextPath ?? homePath(userPrincipal(result.user)));
  });
  return router;
}
