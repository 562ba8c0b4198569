/** Reports as JSON or CSV (?format=csv or Accept: text/csv). */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { toCsv, type ReportRow, type ReportWindowInput } from '../services/report-service';
import type { RouteDeps } from './route-deps';

function wantsCsv(ctx: Context): boolean {
  const format = ctx.query.format;
  if (format !== undefined && format !== 'csv' && format !== 'json')
    throw new ApiError('VALIDATION_FAILED', 'format must be json or csv');
  return format === 'csv' || (format === undefined && ctx.accepts('application/json', 'text/csv') === 'text/csv');
}

export function windowOf(ctx: Context): ReportWindowInput {
  const window: ReportWindowInput = {};
  for (const name of ['from', 'to'] as const) {
    const raw = ctx.query[name];
    if (raw === undefined) continue;
    const date = typeof raw === 'string' && raw.length <= 40 ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw new ApiError('VALIDATION_FAILED', `${name} must be an ISO 8601 date-time`);
    window[name] = date;
  }
  return window;
}

function groupOf<T extends string>(ctx: Context, allowed: readonly T[], fallback: T): T {
  const raw = ctx.query.groupBy;
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw))
    throw new ApiError('VALIDATION_FAILED', `groupBy must be one of ${allowed.join(', ')}`);
  return raw as T;
}

function answer(
  ctx: Context,
  deps: RouteDeps,
  report: string,
  rows: ReportRow[],
  columns: string[],
  csv: boolean,
): void {
  if (csv) {
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="${report}.csv"`);
    ctx.body = toCsv(rows, columns);
    return;
  }
  ctx.body = { report, generatedAt: deps.clock().toISOString(), rows };
}

export function reportRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/reports' });
  router.get('/sla', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const csv = wantsCsv(ctx);
    const rows = await deps.reports.sla(
      principal,
      groupOf(ctx, ['definition', 'department', 'step'] as const, 'definition'),
      windowOf(ctx),
    );
    answer(ctx, deps, 'sla', rows, ['definitionId', 'departmentId', 'stepId', 'total', 'met', 'percentMet'], csv);
  });
  router.get('/backlog', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const csv = wantsCsv(ctx);
    answer(
      ctx,
      deps,
      'backlog',
      await deps.reports.backlog(principal),
      ['definitionId', 'departmentId', 'open', 'overdue', 'oldestCreatedAt'],
      csv,
    );
  });
  router.get('/resolution-time', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const csv = wantsCsv(ctx);
    const rows = await deps.reports.resolution(
      principal,
      groupOf(ctx, ['definition', 'department'] as const, 'definition'),
      windowOf(ctx),
    );
    answer(
      ctx,
      deps,
      'resolution-time',
      rows,
      ['definitionId', 'departmentId', 'closed', 'medianSeconds', 'p90Seconds'],
      csv,
    );
  });
  return router;
}
