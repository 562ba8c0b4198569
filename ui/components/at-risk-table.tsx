/**
 * The overdue and at-risk list: one row per late or warned step (or passed statutory date), most late
 * first, with the reason in words, a checkbox per row, and below it the bulk action fields. The form
 * posts only the ticked rows. Stage is in words as well as colour.
 */
import type { ComponentChildren } from 'preact';
import { CaseLinkCell } from './case-link-cell';
import { CsrfField } from './csrf-field';

export interface AtRiskTableRow {
  /** Unique per row: case id and step. */
  key: string;
  caseId: string;
  trackingNumber: string;
  service: string;
  step: string;
  stage: 'warning' | 'overdue' | 'statutory-overdue';
  /** "overdue 3 working hours", "warning: due in 2 h". */
  lateness: string;
  /** "warning at 14:00 passed", "due 9 Dec 17:00 passed". */
  threshold: string;
  escalationLevel: number;
  assignee: string;
  selectValue: string;
}

const STAGE_LABEL: Record<AtRiskTableRow['stage'], string> = {
  warning: 'At risk',
  overdue: 'Overdue',
  'statutory-overdue': 'Statutory date passed',
};
const STAGE_CLASS: Record<AtRiskTableRow['stage'], string> = {
  warning: 'warning',
  overdue: 'breached',
  'statutory-overdue': 'breached',
};

export function AtRiskTable(props: {
  caption: string;
  rows: readonly AtRiskTableRow[];
  csrfToken: string;
  canAct: boolean;
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action="/supervise/at-risk/bulk" class="cf-work-list" aria-labelledby="at-risk-caption">
      <CsrfField token={props.csrfToken} />
      <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="at-risk-caption">
        <table class="usa-table usa-table--striped usa-table--compact cf-work-list__table">
          <caption id="at-risk-caption">{props.caption}</caption>
          <thead>
            <tr>
              {props.canAct ? (
                <th scope="col">
                  <span class="usa-sr-only">Select</span>
                </th>
              ) : null}
              <th scope="col">Tracking number</th>
              <th scope="col">Service</th>
              <th scope="col">Step</th>
              <th scope="col">How late</th>
              <th scope="col">Threshold passed</th>
              <th scope="col">Escalation level</th>
              <th scope="col">Assigned to</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 ? (
              <tr>
                <td colSpan={props.canAct ? 8 : 7}>No case in your departments is overdue or at risk.</td>
              </tr>
            ) : (
              props.rows.map((row, index) => (
                <tr key={row.key}>
                  {props.canAct ? (
                    <td>
                      <div class="usa-checkbox">
                        <input
                          class="usa-checkbox__input"
                          type="checkbox"
                          name="case"
                          value={row.selectValue}
                          id={index === 0 ? 'select-first' : `select-${row.key}`}
                        />
                        <label
                          class="usa-checkbox__label cf-work-list__select"
                          for={index === 0 ? 'select-first' : `select-${row.key}`}
                        >
                          <span class="usa-sr-only">
                            Select {row.trackingNumber} {row.step}
                          </span>
                        </label>
                      </div>
                    </td>
                  ) : null}
                  <CaseLinkCell caseId={row.caseId} trackingNumber={row.trackingNumber} />
                  <td>{row.service}</td>
                  <td>{row.step}</td>
                  <td>
                    <span class={`cf-sla cf-sla--${STAGE_CLASS[row.stage]}`}>
                      <strong class="cf-sla__stage">{STAGE_LABEL[row.stage]}:</strong> {row.lateness}
                    </span>
                  </td>
                  <td>{row.threshold}</td>
                  <td>{row.escalationLevel}</td>
                  <td>{row.assignee}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {props.canAct && props.rows.length > 0 ? props.children : null}
    </form>
  );
}
