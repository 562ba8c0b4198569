/** The demand forecast per service: last four weeks, the next four, and the model's error on held-out weeks. */
import type { ServiceForecast } from '../../api/services/forecast-service';

const whole = (n: number) => String(Math.round(n));

export function DemandForecastTable(props: { weekStarts: readonly string[]; services: readonly ServiceForecast[] }) {
  return (
    <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="forecast-caption">
      <table class="usa-table usa-table--striped usa-table--compact">
        <caption id="forecast-caption">
          Requests per week: the last four weeks, the forecast for the next four, and the forecast's error on held-out
          weeks
        </caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Last four weeks</th>
            {props.weekStarts.map((start) => (
              <th scope="col" key={start}>
                Week from {start}
              </th>
            ))}
            <th scope="col">Error on held-out weeks (requests per week)</th>
            <th scope="col">Same as last week: error</th>
          </tr>
        </thead>
        <tbody>
          {props.services.length === 0 ? (
            <tr>
              <td colSpan={4 + props.weekStarts.length}>No requests in the history yet.</td>
            </tr>
          ) : (
            props.services.map((s) => (
              <tr key={s.code}>
                <th scope="row">{s.name}</th>
                <td>{s.recentWeeks.join(', ')}</td>
                {s.nextWeeks.map((n, i) => (
                  <td key={i}>{whole(n)}</td>
                ))}
                <td>
                  {s.error
                    ? `${s.error.meanAbsoluteError.toFixed(1)}${s.error.meanAbsolutePercentageError !== null ? ` (${Math.round(s.error.meanAbsolutePercentageError * 100)}%)` : ''}`
                    : 'history too short'}
                </td>
                <td>{s.error ? s.error.naiveMeanAbsoluteError.toFixed(1) : '–'}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
