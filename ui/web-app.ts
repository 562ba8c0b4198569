/**
 * The one place the web application is composed: the API (buildApp, unchanged: its JSON errors, its
 * security headers) and the pages (HTML errors, page CSP, sessions, CSRF) in one Koa app. Requests
 * for API paths go to the API's middleware; everything else to the pages'.
 */
import compose from 'koa-compose';
import Koa from 'koa';
import { createOidcClient, type OidcClient } from '../api/auth/oidc/oidc-client';
import { buildApp, type AppDeps, type CivicFlowApp } from '../api/create-app';
import { createPossibleDuplicatesService } from '../api/services/possible-duplicates';
import { createPredictionService } from '../api/services/prediction-service';
import { CODE_ADDRESS_POLICY, CODE_POLICY, createResidentPortalService } from '../api/services/resident-portal-service';
import { createSharedThrottle } from '../api/auth/shared-throttle';
import { createStudioService } from '../api/services/studio-service';
import { createSatisfactionService } from '../api/services/satisfaction-service';
import { requestContext } from '../api/middleware/request-context.middleware';
import { requestHygiene } from '../api/middleware/request-hygiene.middleware';
import { OPEN311_PREFIX } from '../open311';
import { pageRouters } from './pages';
import { csrfProtection } from './server/csrf.middleware';
import { htmlErrors } from './server/html-errors.middleware';
import { pageSecurityHeaders } from './server/page-security.middleware';
import { webSessions } from './server/session.middleware';
import { staticAssets } from './server/static-assets';
import { islandBundles } from './server/island-bundle';

/** Paths the API answers (JSON, its own errors and headers); all others are pages. */
const API_PREFIXES = ['/api/', `${OPEN311_PREFIX}/`];
const API_PATHS = new Set(['/api', OPEN311_PREFIX, '/healthz', '/readyz', '/metrics']);

export function isApiPath(path: string): boolean {
  return API_PATHS.has(path) || API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export interface WebApp extends CivicFlowApp {
  /** The pages' middleware alone (mounted by `app` for every non-API path). */
  pages: Koa.Middleware;
}

/** What tests may put in place of the parts built from the configuration. */
export interface WebAppOverrides {
  /** The single sign-on client (tests pass one whose HTTP goes through a tampering proxy). */
  oidc?: OidcClient;
}

export function buildWebApp(deps: AppDeps, overrides: WebAppOverrides = {}): WebApp {
  const api = buildApp(deps);
  const oidc = overrides.oidc ?? (deps.config.signIn.oidc ? createOidcClient(deps.config.signIn.oidc) : undefined);
  const pageDeps = {
    config: deps.config,
    db: deps.db,
    clock: api.clock,
    logger: api.logger,
    services: api.services,
    signInThrottle: api.signInThrottle,
    possibleDuplicates: createPossibleDuplicatesService(api.serviceDeps),
    predictions: createPredictionService({
      db: deps.db,
      clock: api.clock,
      definitions: api.services.cases.definitions,
      refreshMinutes: deps.config.insights.predictionRefreshMinutes,
    }),
    ...(oidc ? { oidc } : {}),
    residentPortal: createResidentPortalService({
      ...api.serviceDeps,
      cases: api.services.cases,
      throttle: createSharedThrottle(deps.db, {
        name: 'portal-code',
        key: CODE_POLICY,
        address: CODE_ADDRESS_POLICY,
        now: () => api.clock().getTime(),
      }),
    }),
    studio: createStudioService(api.serviceDeps),
    satisfaction: createSatisfactionService(api.serviceDeps),
  };
  // A Koa app only as a middleware list (never listening): `use` types routers and middleware alike.
  const pagesApp = new Koa();
  for (const middleware of [
    requestContext(api.logger, api.metrics),
    pageSecurityHeaders(
      oidc ? [new URL(oidc.config.issuer).origin] : [],
      deps.config.map ? [deps.config.map.tileOrigin] : [],
    ),
    htmlErrors(api.logger),
    requestHygiene(),
    staticAssets(),
    islandBundles(),
    webSessions(pageDeps),
    csrfProtection({ bodyLimitBytes: deps.config.api.bodyLimitBytes }),
  ])
    pagesApp.use(middleware);
  for (const router of pageRouters(pageDeps)) pagesApp.use(router.routes()).use(router.allowedMethods());
  const pages = compose(pagesApp.middleware);
  const apiChain = compose(api.app.middleware);

  const app = new Koa({ proxy: deps.config.api.trustProxy });
  app.silent = true;
  app.use((ctx, next) => (isApiPath(ctx.path) ? apiChain(ctx, next) : pages(ctx, next)));
  return { ...api, app, pages };
}
