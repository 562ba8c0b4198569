/**
 * `/supervise/dashboard?from&to`: SLA % met by service, step and department, backlog by age, median and
 * p90 resolution time, escalations by level, volume by channel and information requests (by topic and channel, share answered at first contact) for a period, each chart (drawn on
 * the server) beside its table; each table as CSV (`/supervise/dashboard/<table>.csv`) and the period's
 * compliance report as PDF (`/supervise/dashboard/compliance.pdf`). Reads and exports are audited by the service.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { sendDownload } from '../../api/routes/download';
import { requestSource } from '../../api/routes/request-source';
import { isDashboardTableId } from '../../api/services/dashboard-tables';
import { absoluteTime } from '../present';
import { DashboardSection } from '../components/dashboard-section';
import { InformationRequestsSection } from '../components/information-requests-section';
import { ErrorSummary } from '../components/error-summary';
import { PeriodForm } from '../components/period-form';
import { requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';
import { parsePeriodQuery, periodSearch } from './supervise-period';

export function superviseDashboardRoutes(deps: PageDeps): Router {
  const router = new Router();
  const periodOf = (ctx: Context) =>
    parsePeriodQuery(new URLSearchParams(ctx.querystring), deps.clock(), deps.config.agency.timeZone);

  router.get('/supervise/dashboard', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { query, typed, period, errors } = periodOf(ctx);
    const dashboard = await deps.services.dashboard.dashboard(principal, period, requestSource(ctx, 'web'));
    const contacts = await deps.services.knowledge.contactReport(principal, period, requestSource(ctx, 'web'));
    const search = periodSearch(query);
    const timeZone = deps.config.agency.timeZone;
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Dashboard' : 'Dashboard',
      <div class="grid-container-widescreen cf-dashboard">
        <link rel="stylesheet" href="/assets/app/dashboard.css" />
        <ErrorSummary errors={errors} />
        <h1>Dashboard</h1>
        <p class="usa-intro">
          {query.from} to {query.to} (both days included, {timeZone}),{' '}
          {dashboard.departments ? `departments: ${dashboard.departments.join(', ')}` : 'all departments'}. The backlog
          is counted at {absoluteTime(Date.parse(dashboard.backlogAt), timeZone)}.
        </p>
        <PeriodForm action="/supervise/dashboard" from={typed.from} to={typed.to} errors={errors} />
        <p>
          <a class="usa-button usa-button--outline" href={`/supervise/dashboard/compliance.pdf?${search}`} download>
            Download the compliance report (PDF)
          </a>{' '}
          <a class="usa-link" href="/supervise/at-risk">
            Overdue and at-risk cases
          </a>
        </p>
        {dashboard.tables.map((table) => (
          <DashboardSection key={table.id} table={table} csvHref={`/supervise/dashboard/${table.id}.csv?${search}`} />
        ))}
        <InformationRequestsSection report={contacts} />
      </div>,
      errors.length > 0 ? 400 : 200,
    );
  });

  router.get('/supervise/dashboard/compliance.pdf', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { period, errors } = periodOf(ctx);
    if (errors.length > 0) throw new ApiError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '));
    const { filename, pdf } = await deps.services.dashboard.compliancePdf(principal, period, requestSource(ctx, 'web'));
    sendDownload(ctx, { filename, type: 'application/pdf', body: pdf });
  });

  router.get('/supervise/dashboard/:table.csv', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const table = ctx.params.table ?? '';
    if (!isDashboardTableId(table)) throw new ApiError('NOT_FOUND', 'no such dashboard table');
    const { period, errors } = periodOf(ctx);
    if (errors.length > 0) throw new ApiError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '));
    const { filename, csv } = await deps.services.dashboard.exportTable(
      principal,
      table,
      period,
      requestSource(ctx, 'web'),
    );
    sendDownload(ctx, { filename, type: 'text/csv; charset=utf-8', body: csv });
  });

  return router;
}
