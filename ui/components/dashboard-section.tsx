/** One dashboard figure: heading, what it counts, the chart beside its data table, and the table as CSV. */
import type { DashboardTable } from '../../api/services/dashboard-tables';
import { cellText } from '../../api/services/dashboard-tables';
import { BarChart } from './bar-chart';

export function DashboardSection({ table, csvHref }: { table: DashboardTable; csvHref: string }) {
  const label = (row: DashboardTable['rows'][number]) =>
    table.chart.labelKeys.map((key) => cellText(row[key])).join(' / ');
  const value = (row: DashboardTable['rows'][number]) => {
    const v = row[table.chart.value];
    return typeof v === 'number' ? v : null;
  };
  return (
    <section class="cf-dashboard__section" aria-labelledby={`${table.id}-title`}>
      <h2 id={`${table.id}-title`}>{table.title}</h2>
      <p>{table.description}</p>
      <div class="grid-row grid-gap">
        <div class="desktop:grid-col-6">
          <BarChart
            id={`${table.id}-chart`}
            title={table.title}
            labels={table.rows.map(label)}
            values={table.rows.map(value)}
            valueLabel={table.chart.valueLabel}
            width={520}
          />
        </div>
        <div class="desktop:grid-col-6">
          <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby={`${table.id}-caption`}>
            <table class="usa-table usa-table--compact" id={`${table.id}-table`}>
              <caption id={`${table.id}-caption`}>{table.title}: the figures</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th scope="col" key={column.key}>
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.length === 0 ? (
                  <tr>
                    <td colSpan={table.columns.length}>No cases in this period.</td>
                  </tr>
                ) : (
                  table.rows.map((row, index) => (
                    <tr key={index}>
                      {table.columns.map((column, i) =>
                        i === 0 ? (
                          <th scope="row" key={column.key}>
                            {cellText(row[column.key])}
                          </th>
                        ) : (
                          <td key={column.key} class={column.numeric ? 'cf-dashboard__number' : undefined}>
                            {cellText(row[column.key])}
                          </td>
                        ),
                      )}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <p>
            <a class="usa-link" href={csvHref} download>
              Download “{table.title}” as CSV
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}
