/** Liveness, readiness (database and Temporal reachable) and the OpenAPI document (/metrics: metrics-endpoint.middleware.ts). */
import { Router } from '@koa/router';
import { OPENAPI_DOCUMENT } from '../openapi/openapi-document';
import type { RouteDeps } from './route-deps';

async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function operationsRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const [database, temporal] = await Promise.all([
      check(() => deps.db.raw('select 1'), 3000),
      check(() => deps.temporal.workflowService.getSystemInfo({}), 3000),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ok' : 'unavailable', checks: { database, temporal } };
  });
  router.get('/api/v1/openapi.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = OPENAPI_DOCUMENT;
  });
  return router;
}
