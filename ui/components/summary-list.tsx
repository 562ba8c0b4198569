/** GOV.UK summary list ("check your answers"): a label and the answer, one row each. */
export interface SummaryRow {
  label: string;
  value: string;
}

export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl class="cf-summary-list">
      {rows.map((row) => (
        <div key={row.label}>
          <dt>{row.label}</dt>
          <dd>{row.value === '' ? <span class="cf-muted">Not given</span> : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
