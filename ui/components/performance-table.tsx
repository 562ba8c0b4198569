/**
 * One public service's performance figures: a table whose cells are exactly the CSV's (the same
 * strings from analytics/public-performance.ts); withheld cells say so in words.
 */

const HEADINGS = [
  'Breakdown',
  'Month or district',
  'Requests',
  'Closed within target',
  'Median days to close',
  '90th percentile days to close',
];

export function PerformanceTable(props: { id: string; service: string; rows: readonly (readonly string[])[] }) {
  return (
    <div class="usa-table-container--scrollable cf-performance" tabindex={0} aria-labelledby={props.id}>
      <table class="usa-table usa-table--striped usa-table--compact">
        <caption id={props.id}>{props.service}</caption>
        <thead>
          <tr>
            {HEADINGS.map((heading) => (
              <th scope="col" key={heading}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={`${row[0]}-${row[1]}`}>
              <td>{row[0]}</td>
              <th scope="row">{row[1]}</th>
              {row.slice(2).map((cell, i) => (
                <td
                  key={i}
                  class={cell === 'withheld' ? 'cf-withheld' : undefined}
                  data-withheld={cell === 'withheld' ? 'true' : undefined}
                >
                  {cell === '' ? <span aria-label="no figure">–</span> : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
