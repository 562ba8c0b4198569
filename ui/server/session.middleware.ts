/**
 * Server-side sessions in Postgres (db web_sessions). The cookie holds only an opaque random id:
 * httpOnly (scripts cannot read it), SameSite=Lax, Secure over https. Idle and absolute timeouts
 * come from config.web; an ended session is deleted on the server, so its old cookie is worthless.
 * Visitors who are not signed in get a random `cf_visitor` cookie that anchors their CSRF token.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { Knex } from 'knex';
import type { OidcClient } from '../../api/auth/oidc/oidc-client';
import { recheckProviderSession } from '../../api/auth/oidc/provider-sign-in';
import { recordSignInEvent } from '../../api/auth/platform-audit';
import { userPrincipal } from '../../api/auth/sign-in';
import type { AppConfig } from '../../config';
import {
  createWebSession,
  deleteExpiredWebSessions,
  deleteWebSession,
  getUser,
  markWebSessionChecked,
  touchWebSession,
  type ProviderSession,
  type UserRecord,
  type WebSession,
} from '../../db';
import { pageState } from './page-state';

export const SESSION_COOKIE = 'cf_session';
export const VISITOR_COOKIE = 'cf_visitor';

export interface SessionDeps {
  db: Knex;
  config: AppConfig;
  clock: () => Date;
  /** Present when single sign-on is configured: sessions started there are rechecked with the provider. */
  oidc?: OidcClient;
}

/**
 * A session started at the provider is rechecked every OIDC_RECHECK_SECONDS: when the provider no
 * longer accepts its access token (the person was disabled there) the session ends here too.
 */
async function stillEnabledAtProvider(
  ctx: Context,
  deps: SessionDeps,
  id: string,
  session: WebSession,
): Promise<boolean> {
  const provider = session.provider;
  if (!provider || !deps.oidc) return true;
  const now = deps.clock();
  if (now.getTime() - provider.checkedAt.getTime() < deps.oidc.config.recheckSeconds * 1000) return true;
  const verdict = await recheckProviderSession(deps.oidc, provider);
  if (verdict === 'ok') await markWebSessionChecked(deps.db, id, now);
  if (verdict !== 'ended') return true;
  await recordSignInEvent(
    deps,
    session.userId,
    'auth.session-ended',
    { reason: 'refused-by-provider' },
    { channel: 'web', ...(ctx.ip ? { ip: ctx.ip } : {}) },
  );
  return false;
}

export function cookieOptions(ctx: Context, config: AppConfig) {
  const secure = ctx.secure || config.web.secureCookies;
  // Behind a TLS-terminating proxy Koa may think the request is plain http; trust the configured https URL.
  if (secure) ctx.cookies.secure = true;
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', overwrite: true };
}

/** The CSRF token of a visitor who is not signed in: bound to their random visitor cookie. */
function visitorCsrfToken(config: AppConfig, visitorId: string): string {
  return createHmac('sha256', config.auth.jwtSecret).update(`civicflow-web-csrf:${visitorId}`).digest('base64url');
}

export function webSessions(deps: SessionDeps): Middleware {
  return async (ctx, next) => {
    const state = pageState(ctx);
    const id = ctx.cookies.get(SESSION_COOKIE);
    if (id) {
      const session = await touchWebSession(deps.db, id, deps.clock(), deps.config.web.idleTimeoutSeconds);
      const user = session ? await getUser(deps.db, session.userId) : undefined;
      if (session && user?.active && (await stillEnabledAtProvider(ctx, deps, id, session))) {
        state.user = { principal: userPrincipal(user), displayName: user.displayName };
        state.csrfToken = session.csrfToken;
        state.sessionId = id;
        if (session.provider) state.providerIdToken = session.provider.idToken;
      } else {
        if (session) await deleteWebSession(deps.db, id);
        ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx, deps.config));
        state.sessionEnded = true;
      }
    }
    if (!state.user) {
      let visitor = ctx.cookies.get(VISITOR_COOKIE);
      if (!visitor || !/^[A-Za-z0-9_-]{20,64}$/.test(visitor)) {
        visitor = randomBytes(24).toString('base64url');
        ctx.cookies.set(VISITOR_COOKIE, visitor, cookieOptions(ctx, deps.config));
      }
      state.csrfToken = visitorCsrfToken(deps.config, visitor);
    }
    await next();
  };
}

/** Signs `user` in: a new session (never a reused id, so a planted cookie gains nothing). */
export async function startSession(
  ctx: Context,
  deps: SessionDeps,
  user: UserRecord,
  provider?: ProviderSession,
): Promise<void> {
  const now = deps.clock();
  const state = pageState(ctx);
  if (state.sessionId) await deleteWebSession(deps.db, state.sessionId);
  // Housekeeping on the way: rows past their absolute end (idle ones are deleted when next seen or then).
  await deleteExpiredWebSessions(deps.db, now);
  const { id, session } = await createWebSession(deps.db, {
    userId: user.id,
    now,
    expiresAt: new Date(now.getTime() + deps.config.web.absoluteTimeoutSeconds * 1000),
    ...(ctx.ip ? { ip: ctx.ip } : {}),
    ...(provider ? { provider } : {}),
  });
  ctx.cookies.set(SESSION_COOKIE, id, cookieOptions(ctx, deps.config));
  state.user = { principal: userPrincipal(user), displayName: user.displayName };
  state.csrfToken = session.csrfToken;
  state.sessionId = id;
}

/** Ends the session on the server and clears the cookie. */
export async function endSession(ctx: Context, deps: SessionDeps): Promise<void> {
  const state = pageState(ctx);
  if (state.sessionId) await deleteWebSession(deps.db, state.sessionId);
  ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx, deps.config));
  state.user = undefined;
  state.sessionId = undefined;
  state.providerIdToken = undefined;
}
