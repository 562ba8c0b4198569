/**
 * What the page middleware puts on `ctx.state` for routes and the layout: the CSP nonce, the CSRF
 * token for forms, and the signed-in person (a `Principal`, the same one the API builds).
 */
import type { Context } from 'koa';
import type { Principal } from '../../api/auth/principal';
import { ApiError } from '../../api/errors/api-error';
import type { FormFields } from './form-body';

export interface SignedInUser {
  principal: Principal;
  displayName: string;
}

export interface PageState {
  nonce: string;
  csrfToken: string;
  user?: SignedInUser;
  /** The session id from the cookie (signed in only), for sign-out. */
  sessionId?: string;
  /** A session cookie came in but its session had ended (timed out or signed out elsewhere). */
  sessionEnded?: boolean;
  /** The provider's ID token of a session started through single sign-on (for ending the provider's session at sign-out). */
  providerIdToken?: string;
  /** The posted form, read and CSRF-checked by csrf.middleware.ts. */
  form?: FormFields;
}

export function pageState(ctx: Context): PageState {
  return ctx.state;
}

/** The signed-in person; anyone else is sent to sign in (the HTML error handler redirects). */
export function requireSignedIn(ctx: Context): SignedInUser {
  const user = pageState(ctx).user;
  if (!user) throw new ApiError('UNAUTHENTICATED', 'sign in to see this page');
  return user;
}

/** The posted form of this request (already CSRF-checked). */
export function postedForm(ctx: Context): FormFields {
  const form = pageState(ctx).form;
  if (!form) throw new ApiError('VALIDATION_FAILED', 'this page expects a form');
  return form;
}
