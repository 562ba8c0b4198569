/**
 * `/forecast` (supervisors, program managers — reports:read): the demand forecast per service for the
 * next four weeks with its error on held-out weeks, and how accurate the predicted close dates were
 * for cases closed in the last 90 days, against the SLA due date.
 */
import { Router } from '@koa/router';
import { createForecastService } from '../../api/services/forecast-service';
import type { AccuracyFigures } from '../../analytics/prediction-accuracy';
import { DemandForecastTable } from '../components/demand-forecast-table';
import { requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const ACCURACY_DAYS = 90;
const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);
const hours = (h: number | null) => (h === null ? '–' : h.toFixed(1));

function AccuracyRow(props: { label: string; figures: AccuracyFigures }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.figures.cases}</td>
      <td>{percent(props.figures.shareClosedByPredicted)}</td>
      <td>{hours(props.figures.medianAbsoluteErrorHours)}</td>
    </tr>
  );
}

export function forecastRoutes(deps: PageDeps): Router {
  const router = new Router();
  const forecasts = createForecastService({
    db: deps.db,
    clock: deps.clock,
    definitions: deps.services.cases.definitions,
    timeZone: deps.config.agency.timeZone,
  });

  router.get('/forecast', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const forecast = await forecasts.forecast(principal);
    const accuracy = await deps.predictions.accuracy(principal, {
      from: new Date(deps.clock().getTime() - ACCURACY_DAYS * 86_400_000),
    });
    respondWithPage(
      ctx,
      'Demand forecast and predictions',
      <div class="grid-container">
        <h1>Demand forecast and predictions</h1>
        <section aria-labelledby="demand-heading">
          <h2 id="demand-heading">Requests expected in the next four weeks</h2>
          <p>
            Each weekday is forecast from the same weekday in recent weeks (history from {forecast.historyFrom}), so
            staffing can follow the weekly rhythm. The error is the model's own, measured by forecasting the last four
            weeks from the weeks before them; “same as last week” is the simplest forecast, for comparison.
          </p>
          <DemandForecastTable weekStarts={forecast.weekStarts} services={forecast.services} />
        </section>
        <section aria-labelledby="accuracy-heading">
          <h2 id="accuracy-heading">How accurate were the predicted close dates?</h2>
          <p>
            Cases closed in the last {ACCURACY_DAYS} days that had a predicted close date and an SLA due date. Each case
            is scored on the first date it was given, in working time on its calendar.
          </p>
          <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="accuracy-caption">
            <table class="usa-table usa-table--compact">
              <caption id="accuracy-caption">Predicted close date against the SLA due date</caption>
              <thead>
                <tr>
                  <th scope="col">Date given</th>
                  <th scope="col">Cases</th>
                  <th scope="col">Closed by that date</th>
                  <th scope="col">Median error (working hours)</th>
                </tr>
              </thead>
              <tbody>
                <AccuracyRow label="Predicted close date" figures={accuracy.model} />
                <AccuracyRow label="SLA due date" figures={accuracy.baseline} />
              </tbody>
            </table>
          </div>
        </section>
      </div>,
    );
  });
  return router;
}
