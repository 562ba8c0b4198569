/**
 * The case's audit timeline: who, what, when, from where — filterable by kind with a GET form, so the
 * filter is in the URL (bookmarkable, the back button works) and works without JavaScript.
 */
import { Select, type Choice } from './select';

export interface TimelineRow {
  sequence: number;
  /** "yesterday 14:05" */
  when: string;
  /** "Thu 3 Dec 2026, 14:05" */
  whenFull: string;
  iso: string;
  who: string;
  what: string;
  where: string;
}

export function CaseTimeline({
  caseId,
  rows,
  kinds,
  kind,
  total,
}: {
  caseId: string;
  rows: readonly TimelineRow[];
  kinds: readonly Choice[];
  kind: string;
  total: number;
}) {
  return (
    <>
      <form
        method="get"
        action={`/cases/${caseId}#timeline`}
        class="usa-form cf-filter"
        aria-label="Filter the timeline"
      >
        <Select
          id="timeline-kind"
          name="kind"
          label="Show"
          options={kinds}
          value={kind}
          placeholder="Everything but reads"
        />
        <button type="submit" class="usa-button usa-button--outline">
          Filter
        </button>
      </form>
      <table class="usa-table usa-table--borderless cf-table">
        <caption>
          {rows.length} of {total} entries
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">From where</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.sequence}>
              <td>
                <time dateTime={row.iso} title={row.whenFull}>
                  {row.when}
                </time>
              </td>
              <td>{row.who}</td>
              <td>{row.what}</td>
              <td>{row.where}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
