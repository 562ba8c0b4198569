import { Router } from '@koa/router';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import type { WorklistKind } from '../services/worklist-service';
import { answerNotModified } from './not-modified';
import type { RouteDeps } from './route-deps';

const KINDS: readonly WorklistKind[] = ['mine', 'team', 'overdue', 'escalated'];

export function worklistRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/worklists' });
  router.get('/:kind', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const kind = ctx.params.kind as WorklistKind;
    if (!KINDS.includes(kind))
      throw new ApiError(
        'NOT_FOUND',
        `no worklist ${JSON.stringify(ctx.params.kind.slice(0, 50))}; use ${KINDS.join(', ')}`,
      );
    const limitText = ctx.query.limit;
    if (
      limitText !== undefined &&
      (typeof limitText !== 'string' ||
        !/^\d{1,4}$/.test(limitText) ||
        Number(limitText) < 1 ||
        Number(limitText) > 1000)
    )
      throw new ApiError('VALIDATION_FAILED', 'limit must be 1-1000');
    const limit = limitText ? Number(limitText) : undefined;
    // As the case list: a refresh's If-None-Match is checked first; a full answer carries the tag of its rows.
    if (ctx.get('if-none-match') && answerNotModified(ctx, await deps.changes.worklistTag(principal, kind, limit)))
      return;
    const { items, fingerprint } = await deps.worklists.worklist(principal, kind, limit);
    ctx.set('ETag', deps.changes.worklistTagOf(principal, kind, limit, fingerprint));
    ctx.body = { items };
  });
  return router;
}
