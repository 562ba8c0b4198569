/**
 * Resolves the caller: `Authorization: Bearer <jwt>` for staff, `X-API-Key: <key>` for integrations.
 * Routes then ask `requirePrincipal` / `requirePermission`.
 */
import type { Context, Middleware } from 'koa';
import type { Knex } from 'knex';
import { authenticateApiKey, getUser } from '../../db';
import { ApiError } from '../errors/api-error';
import { can, type Permission } from './access-policy';
import type { Principal } from './principal';
import { userPrincipal } from './sign-in';
import { verifyToken, type TokenSettings } from './tokens';

export function authenticate(db: Knex, tokens: TokenSettings, clock: () => Date): Middleware {
  return async (ctx, next) => {
    const authorization = ctx.get('authorization');
    const apiKey = ctx.get('x-api-key');
    if (authorization) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
      if (!match) throw new ApiError('UNAUTHENTICATED', 'use Authorization: Bearer <token>');
      const userId = await verifyToken(tokens, match[1], clock());
      const user = await getUser(db, userId);
      if (!user || !user.active) throw new ApiError('UNAUTHENTICATED', 'the account is not active');
      ctx.state.principal = userPrincipal(user);
    } else if (apiKey) {
      const record = apiKey.length > 200 ? undefined : await authenticateApiKey(db, apiKey);
      if (!record) throw new ApiError('UNAUTHENTICATED', 'the API key is invalid or revoked');
      const principal: Principal = {
        kind: 'api-key',
        id: `apikey:${record.id}`,
        roles: [],
        departmentId: record.departmentId,
        grants: {},
        scopes: record.scopes,
      };
      ctx.state.principal = principal;
    }
    await next();
  };
}

export function requirePrincipal(ctx: Context): Principal {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) throw new ApiError('UNAUTHENTICATED', 'sign in (Bearer token) or send an API key');
  return principal;
}

export function requirePermission(ctx: Context, permission: Permission): Principal {
  const principal = requirePrincipal(ctx);
  if (!can(principal, permission))
    throw new ApiError('FORBIDDEN', `this needs the ${permission} permission`, { permission });
  return principal;
}
