/**
 * The supervisors' reports as JSON (and CSV, PDF): the overdue and at-risk list, the dashboard for a
 * period, one dashboard table (?format=csv downloads exactly that table) and the compliance PDF.
 */
import { Router } from '@koa/router';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { isDashboardTableId } from '../services/dashboard-tables';
import { sendDownload } from './download';
import { windowOf } from './reports.routes';
import { requestSource } from './request-source';
import type { RouteDeps } from './route-deps';

const CSV = 'text/csv; charset=utf-8';

export function supervisionRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/reports' });
  router.get('/at-risk', async (ctx) => {
    const format = ctx.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new ApiError('VALIDATION_FAILED', 'format must be json or csv');
    if (format === 'json') {
      ctx.body = await deps.atRisk.atRisk(requirePrincipal(ctx), requestSource(ctx));
      return;
    }
    const { filename, csv } = await deps.atRisk.atRiskCsv(requirePrincipal(ctx), requestSource(ctx));
    sendDownload(ctx, { filename, type: CSV, body: csv });
  });
  router.get('/dashboard', async (ctx) => {
    ctx.body = await deps.dashboard.dashboard(requirePrincipal(ctx), windowOf(ctx), requestSource(ctx));
  });
  router.get('/dashboard/:table', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const table = ctx.params.table ?? '';
    if (!isDashboardTableId(table))
      throw new ApiError('NOT_FOUND', `no dashboard table ${JSON.stringify(table.slice(0, 60))}`);
    const format = ctx.query.format ?? 'csv';
    if (format !== 'csv')
      throw new ApiError('VALIDATION_FAILED', 'format must be csv (the JSON is in /api/v1/reports/dashboard)');
    const { filename, csv } = await deps.dashboard.exportTable(principal, table, windowOf(ctx), requestSource(ctx));
    sendDownload(ctx, { filename, type: CSV, body: csv });
  });
  router.get('/compliance', async (ctx) => {
    const { filename, pdf } = await deps.dashboard.compliancePdf(
      requirePrincipal(ctx),
      windowOf(ctx),
      requestSource(ctx),
    );
    sendDownload(ctx, { filename, type: 'application/pdf', body: pdf });
  });
  return router;
}
