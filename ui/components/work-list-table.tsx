/**
 * The work list: one row per case, a checkbox per row for bulk claim/release (a POST with CSRF that
 * carries only the ticked rows), and cursor paging links. SLA stage is in words as well as colour.
 */
import type { SlaStage } from '../present';
import { CaseLinkCell } from './case-link-cell';
import { CsrfField } from './csrf-field';

export interface WorkListTableRow {
  caseId: string;
  trackingNumber: string;
  service: string;
  steps: string;
  priority: string;
  sla: { stage: SlaStage; text: string; dueLabel: string } | null;
  escalationLevel: number;
  /** Unread messages from the resident, and notices the outbox gave up on (issue 11). */
  newMessages?: number;
  undeliveredNotices?: number;
  /** The checkbox value (case id and the task step), or null when there is no task to claim or release. */
  selectValue: string | null;
  /** The predicted close date in words, when one was made. */
  predictedClose?: string;
}

const STAGE_LABEL: Record<SlaStage, string> = {
  'on-track': 'On track',
  warning: 'Warning',
  breached: 'Overdue',
  paused: 'Paused',
};

export function WorkListTable(props: {
  caption: string;
  rows: readonly WorkListTableRow[];
  canAct: boolean;
  csrfToken: string;
  returnSearch: string;
  nextHref: string | null;
  firstHref: string | null;
}) {
  // Read-only roles (records officers, program managers) get the list without checkboxes or bulk buttons.
  const rows = props.canAct ? props.rows : props.rows.map((row) => ({ ...row, selectValue: null }));
  return (
    <form method="post" action="/work/bulk" class="cf-work-list" aria-labelledby="work-list-caption">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="return" value={props.returnSearch} />
      <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="work-list-caption">
        <table class="usa-table usa-table--striped usa-table--compact cf-work-list__table">
          <caption id="work-list-caption">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="usa-sr-only">Select</span>
              </th>
              <th scope="col">Tracking number</th>
              <th scope="col">Service</th>
              <th scope="col">Current step</th>
              <th scope="col">Priority</th>
              <th scope="col">SLA</th>
              <th scope="col">Escalation level</th>
              <th scope="col">Predicted close</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={8}>No cases in this list.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.caseId}>
                  <td>
                    {row.selectValue ? (
                      <div class="usa-checkbox">
                        <input
                          class="usa-checkbox__input"
                          type="checkbox"
                          name="case"
                          value={row.selectValue}
                          id={`select-${row.caseId}`}
                        />
                        <label class="usa-checkbox__label cf-work-list__select" for={`select-${row.caseId}`}>
                          <span class="usa-sr-only">Select {row.trackingNumber}</span>
                        </label>
                      </div>
                    ) : (
                      <span class="usa-sr-only">No open task</span>
                    )}
                  </td>
                  <CaseLinkCell
                    caseId={row.caseId}
                    trackingNumber={row.trackingNumber}
                    newMessages={row.newMessages}
                    undeliveredNotices={row.undeliveredNotices}
                  />
                  <td>{row.service}</td>
                  <td>{row.steps}</td>
                  <td>{row.priority}</td>
                  <td>
                    {row.sla ? (
                      <span class={`cf-sla cf-sla--${row.sla.stage}`} title={`Due ${row.sla.dueLabel}`}>
                        <strong class="cf-sla__stage">{STAGE_LABEL[row.sla.stage]}:</strong> {row.sla.text}
                      </span>
                    ) : (
                      'no deadline'
                    )}
                  </td>
                  <td>{row.escalationLevel === 0 ? 'none' : `level ${row.escalationLevel}`}</td>
                  <td>{row.predictedClose ?? 'not yet'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {props.canAct && rows.length > 0 ? (
        <div
          class="usa-button-group cf-work-list__bulk"
          id="bulk-actions"
          role="group"
          aria-label="With the selected cases"
        >
          <button type="submit" name="action" value="claim" class="usa-button" id="select-first">
            Claim selected
          </button>
          <button type="submit" name="action" value="release" class="usa-button usa-button--outline">
            Release selected
          </button>
        </div>
      ) : null}
      <nav aria-label="Pages" class="cf-work-list__pages">
        {props.firstHref ? (
          <a class="usa-link" href={props.firstHref}>
            First page
          </a>
        ) : null}
        {props.nextHref ? (
          <a class="usa-link" href={props.nextHref}>
            Next page
          </a>
        ) : null}
      </nav>
    </form>
  );
}
