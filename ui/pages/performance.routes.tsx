/**
 * `/performance` (no sign-in, no JavaScript): how each public service performed over the last twelve
 * months, by month and by council district, small cells withheld; `/performance.csv` is the same
 * table as open data. Only aggregates: api/services/public-performance-service.ts reads no personal data.
 */
import { Router } from '@koa/router';
import { toCsv } from '../../api/services/report-service';
import { createPublicPerformanceService } from '../../api/services/public-performance-service';
import { PerformanceTable } from '../components/performance-table';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

export function performanceRoutes(deps: PageDeps): Router {
  const router = new Router();
  const performance = createPublicPerformanceService({
    db: deps.db,
    clock: deps.clock,
    definitions: deps.services.cases.definitions,
    minCellCount: deps.config.insights.publicMinCellCount,
    timeZone: deps.config.agency.timeZone,
  });
  const day = (date: Date) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: deps.config.agency.timeZone }).format(date);

  router.get('/performance', async (ctx) => {
    const figures = await performance.figures();
    respondWithPage(
      ctx,
      'Service performance',
      <div class="grid-container">
        <h1>How our services are performing</h1>
        <p class="usa-intro">
          Requests made from {day(figures.from)} to {day(figures.generatedAt)}: how many came in, how many were closed
          within their target time, and how long they took to close.
        </p>
        <ul>
          <li>
            Times are calendar days from the request to its closing; “closed within target” counts closed requests that
            had a target.
          </li>
          <li>
            To protect the people who made requests, a figure based on fewer than {figures.minCellCount} requests is
            shown as “withheld”, and so is the next smallest figure where it would otherwise give the withheld one away.
          </li>
        </ul>
        <p>
          <a href="/performance.csv" download="service-performance.csv">
            Download these figures as CSV (open data)
          </a>
        </p>
        {figures.services.map((service, i) => (
          <section key={service.code} aria-labelledby={`service-heading-${i}`}>
            <h2 id={`service-heading-${i}`}>{service.name}</h2>
            <PerformanceTable
              id={`service-${i}`}
              service={`${service.name}: requests, share within target and days to close`}
              rows={service.rows}
            />
          </section>
        ))}
      </div>,
    );
  });

  router.get('/performance.csv', async (ctx) => {
    const figures = await performance.figures();
    const records = figures.rows.map((row) => Object.fromEntries(figures.columns.map((column, i) => [column, row[i]])));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="service-performance.csv"');
    ctx.body = toCsv(records, figures.columns);
  });
  return router;
}
