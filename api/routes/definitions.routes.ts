/** Process definitions: upload, validate, publish, list, fetch, compare. */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { readJsonBody, readRawBody } from '../middleware/body';
import { requestSource } from './request-source';
import type { RouteDeps } from './route-deps';

/** A draft arrives as JSON `{ "source": "<yaml>" }` or as the raw YAML (application/yaml, text/yaml). */
async function readSource(ctx: Context, deps: RouteDeps): Promise<string> {
  const limit = 1_100_000;
  if (ctx.is('application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml')) {
    const raw = await readRawBody(ctx, limit);
    if (raw.length === 0) throw new ApiError('VALIDATION_FAILED', 'the YAML body is empty');
    return raw.toString('utf8');
  }
  return deps.bodies.check<{ source: string }>('DefinitionSource', await readJsonBody(ctx, limit)).source;
}

export function definitionRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/definitions' });

  router.get('/', async (ctx) => {
    ctx.body = { items: await deps.definitions.list(requirePrincipal(ctx)) };
  });
  router.post('/validate', async (ctx) => {
    const principal = requirePrincipal(ctx);
    ctx.body = deps.definitions.validate(principal, await readSource(ctx, deps));
  });
  router.post('/', async (ctx) => {
    const principal = requirePrincipal(ctx);
    ctx.body = await deps.definitions.uploadDraft(principal, await readSource(ctx, deps), requestSource(ctx));
    ctx.status = 201;
  });
  router.get('/:definitionId/versions', async (ctx) => {
    ctx.body = { items: await deps.definitions.versions(requirePrincipal(ctx), ctx.params.definitionId) };
  });
  router.get('/:definitionId/versions/:version', async (ctx) => {
    const record = await deps.definitions.get(requirePrincipal(ctx), ctx.params.definitionId, ctx.params.version);
    if (ctx.query.format === 'yaml') {
      ctx.type = 'application/yaml';
      ctx.body = record.yamlSource;
      return;
    }
    ctx.body = record;
  });
  router.post('/:definitionId/versions/:version/publish', async (ctx) => {
    ctx.body = await deps.definitions.publish(
      requirePrincipal(ctx),
      ctx.params.definitionId,
      ctx.params.version,
      requestSource(ctx),
    );
  });
  router.get('/:definitionId/compare', async (ctx) => {
    const { from, to } = ctx.query;
    if (typeof from !== 'string' || typeof to !== 'string' || from === '' || to === '')
      throw new ApiError('VALIDATION_FAILED', 'give ?from=<version>&to=<version>');
    ctx.body = await deps.definitions.compare(requirePrincipal(ctx), ctx.params.definitionId, from, to);
  });
  return router;
}
