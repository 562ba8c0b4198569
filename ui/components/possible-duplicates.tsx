/** Open cases of the same kind near the same place, shown before a new one is created. Plain data in. */
export interface DuplicateRow {
  caseId: string;
  trackingNumber: string;
  title: string;
  status: string;
  createdOn: string;
  /** Why it is listed: "Same address", "40 m away". */
  match: string;
}

export function PossibleDuplicates({ rows }: { rows: readonly DuplicateRow[] }) {
  if (rows.length === 0) return <p>No open requests of this kind were found at the same place.</p>;
  return (
    <div class="usa-alert usa-alert--warning" role="region" aria-labelledby="duplicates-heading">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="duplicates-heading">
          {rows.length === 1
            ? 'There is already an open request here'
            : `There are already ${rows.length} open requests here`}
        </h2>
        <p class="usa-alert__text">
          Check whether the resident is reporting the same thing before you create another case.
        </p>
        <table class="usa-table usa-table--borderless usa-table--stacked cf-duplicates">
          <caption class="usa-sr-only">Possible duplicates</caption>
          <thead>
            <tr>
              <th scope="col">Tracking number</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
              <th scope="col">Why it is listed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.caseId}>
                <th scope="row" data-label="Tracking number">
                  <a href={`/cases/${encodeURIComponent(row.caseId)}`}>{row.trackingNumber}</a>
                </th>
                <td data-label="Request">{row.title}</td>
                <td data-label="Status">{row.status}</td>
                <td data-label="Opened">{row.createdOn}</td>
                <td data-label="Why it is listed">{row.match}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
