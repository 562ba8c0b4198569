/**
 * Bulk claim and release: reading the explicitly selected rows from the posted form, and the result
 * per case carried through the redirect (`done=TRACKING~result`) and worded for the page. Pure.
 * Only ids that were ticked are ever acted on (Temporal UI #2602 acted on "all" after a reload).
 */
import type { FormFields } from '../server/form-body';
import { listField, textField } from '../server/form-body';
import { PAGE_SIZE } from './work-list-query';

export type BulkAction = 'claim' | 'release';
export interface BulkSelection {
  caseId: string;
  stepId: string;
  /** For the result line only (a refused case may be one the person cannot read). */
  trackingNumber: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STEP_ID = /^[A-Za-z0-9_-]{1,100}$/;
const TRACKING = /^[A-Za-z0-9-]{1,40}$/;
const RESULT = /^[A-Za-z_]{1,40}$/;

/** The posted selection, or the one problem to show in the error summary. */
export function readBulkForm(
  form: FormFields,
): { action: BulkAction; selected: BulkSelection[] } | { error: { field: string; message: string } } {
  const action = textField(form, 'action');
  if (action !== 'claim' && action !== 'release')
    return { error: { field: 'bulk-actions', message: 'Choose claim or release' } };
  const selection = readSelection(form, action, PAGE_SIZE);
  return 'error' in selection ? selection : { action, selected: selection.selected };
}

/** The ticked `case=<id>:<step>:<tracking>` values (at most `max`), or the problem for the error summary (field `select-first`). */
export function readSelection(
  form: FormFields,
  verb: string,
  max: number,
): { selected: BulkSelection[] } | { error: { field: string; message: string } } {
  const values = [...new Set(listField(form, 'case'))];
  if (values.length === 0) return { error: { field: 'select-first', message: `Select at least one case to ${verb}` } };
  if (values.length > max)
    return { error: { field: 'select-first', message: `Select at most ${max} cases at a time` } };
  const selected: BulkSelection[] = [];
  for (const value of values) {
    const [caseId = '', stepId = '', trackingNumber = ''] = value.split(':', 3);
    if (!UUID.test(caseId) || !STEP_ID.test(stepId) || !TRACKING.test(trackingNumber))
      return { error: { field: 'select-first', message: 'The selection was not understood: select the cases again' } };
    selected.push({ caseId, stepId, trackingNumber });
  }
  return { selected };
}

export interface BulkResult {
  trackingNumber: string;
  /** claimed, released, or the refusal's code (a workflow RejectionCode or an API error code). */
  result: string;
}

export function encodeBulkResults(results: readonly BulkResult[]): string[] {
  return results.map((entry) => `${entry.trackingNumber}~${entry.result}`);
}

export function decodeBulkResults(values: readonly string[]): BulkResult[] {
  const results: BulkResult[] = [];
  for (const value of values.slice(0, PAGE_SIZE)) {
    const [trackingNumber = '', result = ''] = value.split('~', 2);
    if (TRACKING.test(trackingNumber) && RESULT.test(result)) results.push({ trackingNumber, result });
  }
  return results;
}

const REFUSALS: Readonly<Record<string, string>> = {
  ASSIGNED_TO_OTHER: 'someone else holds this task',
  STEP_NOT_ACTIVE: 'the case has moved to another step; open it to see where it is',
  NOT_A_HUMAN_TASK: 'the case has no open task to claim or release',
  NO_TASK: 'the case has no open task to claim or release',
  ROLE_NOT_ALLOWED: 'your role may not work on this step',
  DEPARTMENT_NOT_ALLOWED: 'this step belongs to another department',
  CASE_CLOSED: 'the case is closed',
  CASE_NOT_FOUND: 'the case was not found',
  FORBIDDEN: 'you may not do this',
  ACTION_IGNORED: 'nothing to change',
  ASSIGNEE_NOT_ELIGIBLE: 'the person chosen may not work on this step',
  NO_STATUTORY_CLOCK: 'this process has no statutory clock',
  CLOCK_NOT_RUNNING: 'the statutory clock is not running',
  CLOCK_ALREADY_PAUSED: 'the statutory clock is already paused',
  CLOCK_NOT_PAUSED: 'the statutory clock is not paused',
  UNKNOWN_PAUSE_REASON: 'this process does not pause for that reason',
  EXTENSION_NOT_ALLOWED: 'this process allows no extension',
  EXTENSION_REASON: 'this process needs another reason for an extension',
  EXTENSION_TOO_LONG: 'the extension is longer than this process allows',
  EXTENSION_LIMIT: 'the case has had all the extensions allowed',
  BAD_DURATION: 'the extension is not a duration this process understands',
};

/** "claimed", "released" (or another of `doneResults`), or "refused: someone else holds this task". */
export function bulkResultText(
  result: string,
  doneResults: readonly string[] = ['claimed', 'released'],
): { done: boolean; text: string } {
  if (doneResults.includes(result)) return { done: true, text: result };
  return { done: false, text: `refused: ${REFUSALS[result] ?? `the workflow refused it (${result})`}` };
}
