/** Sign-in and "who am I". Login is rate limited and audited on the platform stream. */
import { Router } from '@koa/router';
import { appendAuditEntry, authenticateUser } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { issueToken } from '../auth/tokens';
import { ApiError } from '../errors/api-error';
import { readJsonBody } from '../middleware/body';
import { rateLimit } from '../middleware/rate-limit.middleware';
import { getUser } from '../../db';
import type { RouteDeps } from './route-deps';

export function authRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  const limiter = rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute });

  router.post('/auth/login', limiter, async (ctx) => {
    const body = deps.bodies.check<{ username: string; password: string }>('LoginRequest', await readJsonBody(ctx, deps.config.api.bodyLimitBytes));
    const user = await authenticateUser(deps.db, body.username, body.password);
    const now = deps.clock();
    await appendAuditEntry(deps.db, {
      caseId: PLATFORM_AUDIT_STREAM,
      actor: { id: user?.id ?? `unknown:${body.username.slice(0, 100)}`, kind: 'staff' },
      occurredAt: now,
      eventType: user ? 'auth.login' : 'auth.login-failed',
      details: {},
      source: { channel: 'api', ...(ctx.ip ? { ip: ctx.ip } : {}) },
    });
    if (!user || !user.active) throw new ApiError('INVALID_CREDENTIALS', 'wrong username or password');
    const { token, expiresAt } = await issueToken({ secret: deps.config.auth.jwtSecret, ttlSeconds: deps.config.auth.tokenTtlSeconds }, user.id, now);
    ctx.body = { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, departmentId: user.departmentId } };
  });

  router.get('/me', async (ctx) => {
    const principal = requirePrincipal(ctx);
    if (principal.kind === 'api-key') {
      ctx.body = { id: principal.id, username: principal.id, roles: [], departmentId: principal.departmentId, scopes: principal.scopes };
      return;
    }
    const user = await getUser(deps.db, principal.id);
    if (!user) throw new ApiError('UNAUTHENTICATED', 'the account no longer exists');
    ctx.body = { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, departmentId: user.departmentId };
  });
  return router;
}
