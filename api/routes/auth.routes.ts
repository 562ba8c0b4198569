/** Sign-in and "who am I". Login is rate limited, throttled per account and address, and audited (auth/sign-in.ts). */
import { Router } from '@koa/router';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { secondFactorStep } from '../auth/second-factor';
import { signIn } from '../auth/sign-in';
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
    const body = deps.bodies.check<{ username: string; password: string }>(
      'LoginRequest',
      await readJsonBody(ctx, deps.config.api.bodyLimitBytes),
    );
    const result = await signIn(
      {
        db: deps.db,
        throttle: deps.signInThrottle,
        clock: deps.clock,
        localAccounts: deps.config.signIn.localAccounts,
      },
      { username: body.username, password: body.password, ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'api' },
    );
    if (!result.ok && result.reason === 'throttled')
      throw new ApiError('RATE_LIMITED', 'too many failed sign-ins; wait before trying again', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    if (!result.ok && result.reason === 'local-accounts-off')
      throw new ApiError(
        'FORBIDDEN',
        "sign-in with a password is turned off; sign in through the agency's single sign-on",
      );
    if (!result.ok) throw new ApiError('INVALID_CREDENTIALS', 'wrong username or password');
    const user = result.user;
    // A password alone does not open an account that has (or must have) a second factor; the web sign-in asks for it.
    if ((await secondFactorStep(deps.db, deps.config.signIn, user)) !== 'none')
      throw new ApiError('FORBIDDEN', 'this account signs in with a second factor: use the web sign-in');
    const now = deps.clock();
    const { token, expiresAt } = await issueToken(
      { secret: deps.config.auth.jwtSecret, ttlSeconds: deps.config.auth.tokenTtlSeconds },
      user.id,
      now,
    );
    ctx.body = {
      token,
      tokenType: 'Bearer',
      expiresAt: expiresAt.toISOString(),
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        departmentId: user.departmentId,
      },
    };
  });

  router.get('/me', async (ctx) => {
    const principal = requirePrincipal(ctx);
    if (principal.kind === 'api-key') {
      ctx.body = {
        id: principal.id,
        username: principal.id,
        roles: [],
        departmentId: principal.departmentId,
        scopes: principal.scopes,
      };
      return;
    }
    const user = await getUser(deps.db, principal.id);
    if (!user) throw new ApiError('UNAUTHENTICATED', 'the account no longer exists');
    ctx.body = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      departmentId: user.departmentId,
    };
  });
  return router;
}
