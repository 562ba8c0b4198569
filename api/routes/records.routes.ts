/**
 * The auditor's and the records officer's API: the audit record and chain check, the platform audit
 * search and its CSV export (auditor only), and disposition, legal holds, releasable documents and
 * public-records exports (records officer). Thin: parse, call the service, answer.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { readJsonBody } from '../middleware/body';
import { parseAuditSearch, type FieldProblem } from '../services/records/audit-search-query';
import { parseRecordsSearch } from '../services/records/records-search-query';
import type { RouteDeps } from './route-deps';
import { requestSource } from './request-source';

function refuse(problems: readonly FieldProblem[]): void {
  if (problems.length > 0)
    throw new ApiError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), { problems });
}

type Query = Record<string, string | string[] | undefined>;

export function recordsRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  const body = async <T>(ctx: Context, schema: string): Promise<T> =>
    deps.bodies.check<T>(schema, await readJsonBody(ctx, deps.config.api.bodyLimitBytes));

  router.get('/audit/chains/:chain', async (ctx) => {
    ctx.body = await deps.audit.caseRecord(requirePrincipal(ctx), ctx.params.chain, requestSource(ctx));
  });
  router.post('/audit/verifications', async (ctx) => {
    const input = await body<{ chain?: string }>(ctx, 'AuditVerificationRequest');
    ctx.body = await deps.audit.verify(requirePrincipal(ctx), input.chain, requestSource(ctx));
  });
  router.get('/audit/entries', async (ctx) => {
    const { search, problems } = parseAuditSearch(ctx.query);
    refuse(problems);
    const entries = await deps.audit.search(requirePrincipal(ctx), search, requestSource(ctx));
    ctx.body = { items: entries, nextBefore: entries.length > 0 ? entries[entries.length - 1].id : null };
  });
  router.get('/audit/exports', async (ctx) => {
    const { search, problems } = parseAuditSearch(ctx.query);
    refuse(problems);
    ctx.body = await deps.audit.exportCsv(requirePrincipal(ctx), search, requestSource(ctx));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="audit.csv"');
  });

  router.get('/records/disposition-queue', async (ctx) => {
    ctx.body = { items: await deps.records.queue(requirePrincipal(ctx)) };
  });
  router.post('/records/disposition-batches', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body<{ caseIds: string[] }>(ctx, 'DispositionBatchRequest');
    ctx.status = 201;
    ctx.body = await deps.records.approveBatch(
      principal,
      principal.username ?? principal.id,
      input.caseIds,
      requestSource(ctx),
    );
  });
  router.get('/records/disposition-batches/:batchId', async (ctx) => {
    ctx.body = await deps.records.batch(requirePrincipal(ctx), ctx.params.batchId);
  });
  router.post('/records/disposition-batches/:batchId/run', async (ctx) => {
    ctx.body = await deps.records.resumeBatch(requirePrincipal(ctx), ctx.params.batchId);
  });
  router.get('/records/legal-holds', async (ctx) => {
    ctx.body = { items: await deps.records.holds(requirePrincipal(ctx), { active: ctx.query.active === 'true' }) };
  });
  router.post('/records/legal-holds', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body<{ reason: string; caseId?: string; search?: Query }>(ctx, 'LegalHoldRequest');
    const search = input.search ? parseRecordsSearch(input.search) : undefined;
    if (search) refuse(search.problems);
    ctx.status = 201;
    ctx.body = await deps.records.placeHold(
      principal,
      {
        reason: input.reason.trim(),
        ...(input.caseId !== undefined ? { caseId: input.caseId } : {}),
        ...(search ? { search: search.search } : {}),
      },
      requestSource(ctx),
    );
  });
  router.post('/records/legal-holds/:holdId/release', async (ctx) => {
    const input = await body<{ reason: string }>(ctx, 'LegalHoldReleaseRequest');
    ctx.body = await deps.records.releaseHold(
      requirePrincipal(ctx),
      ctx.params.holdId,
      input.reason.trim(),
      requestSource(ctx),
    );
  });
  router.put('/records/documents/:documentId/releasable', async (ctx) => {
    const input = await body<{ releasable: boolean }>(ctx, 'DocumentReleasableRequest');
    await deps.records.setReleasable(
      requirePrincipal(ctx),
      ctx.params.documentId,
      input.releasable,
      requestSource(ctx),
    );
    ctx.status = 204;
  });
  router.post('/records/exports', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body<{ caseIds?: string[]; search?: Query }>(ctx, 'PublicRecordsExportRequest');
    const search = input.search ? parseRecordsSearch(input.search) : undefined;
    if (search) refuse(search.problems);
    const built = await deps.records.exportPackage(
      principal,
      { ...(input.caseIds ? { caseIds: input.caseIds } : {}), ...(search ? { search: search.search } : {}) },
      requestSource(ctx),
    );
    ctx.type = 'application/zip';
    ctx.set('Content-Disposition', 'attachment; filename="public-records.zip"');
    ctx.body = built.zip;
  });
  return router;
}
