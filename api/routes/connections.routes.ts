/**
 * Departments' systems and other followers of cases:
 * - `POST /api/v1/connections/{connection}/callbacks`: a work-order system reports progress or
 *   completion, signed like our work orders (X-CivicFlow-Timestamp, X-CivicFlow-Signature); no
 *   session or key, the signature is the authentication.
 * - `GET /api/v1/case-changes?after=&limit=`: the outbound feed of case changes (permission events:read).
 */
import { Router } from '@koa/router';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { readRawBody } from '../middleware/body';
import { createCaseChangeFeed } from '../services/case-change-feed';
import { createWorkOrderCallbackService } from '../services/work-order-callbacks';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../lib/signed-request';
import type { Connections } from '../../domain/connections';
import { requestSource } from './request-source';
import type { RouteDeps } from './route-deps';

export function connectionRoutes(deps: RouteDeps & { connections: Connections; feedSettleMs?: number }): Router {
  const router = new Router({ prefix: '/api/v1' });
  const callbacks = createWorkOrderCallbackService({
    db: deps.db,
    temporal: deps.temporal,
    clock: deps.clock,
    connections: deps.connections,
  });
  const feed = createCaseChangeFeed({
    db: deps.db,
    clock: deps.clock,
    ...(deps.feedSettleMs !== undefined ? { settleMs: deps.feedSettleMs } : {}),
  });

  router.post('/connections/:connection/callbacks', async (ctx) => {
    const body = await readRawBody(ctx, 64 * 1024);
    const result = await callbacks.receive(
      ctx.params.connection,
      { timestamp: ctx.get(TIMESTAMP_HEADER), signature: ctx.get(SIGNATURE_HEADER) },
      body,
      { ...(ctx.ip ? { ip: ctx.ip } : {}) },
    );
    ctx.status = 202;
    ctx.body = result;
  });

  router.get('/case-changes', async (ctx) => {
    const after = typeof ctx.query.after === 'string' ? ctx.query.after : undefined;
    const rawLimit = typeof ctx.query.limit === 'string' ? ctx.query.limit : undefined;
    const limit = rawLimit === undefined ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new ApiError('VALIDATION_FAILED', 'limit must be an integer from 1 to 1000', { field: 'limit' });
    ctx.body = await feed.page(
      requirePrincipal(ctx),
      { ...(after !== undefined ? { after } : {}), limit },
      requestSource(ctx),
    );
  });
  return router;
}
