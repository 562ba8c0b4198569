/**
 * The at-risk list's bulk form: which action (reassign, pause, resume or extend the statutory clock),
 * its fields, and the ticked rows → one case command per selected case, or the errors to show beside
 * the fields. Only ticked ids are acted on. Pure.
 */
import type { CaseCommand } from '../../api/services/case-commands';
import type { FieldError } from '../components/error-summary';
import type { FormFields } from '../server/form-body';
import { textField } from '../server/form-body';
import { readSelection, type BulkSelection } from './work-list-bulk';

export const SUPERVISE_ACTIONS = [
  { value: 'reassign', label: 'Reassign the task to', done: 'reassigned' },
  { value: 'pause', label: 'Pause the statutory clock', done: 'paused' },
  { value: 'resume', label: 'Resume the statutory clock', done: 'resumed' },
  { value: 'extend', label: 'Extend the statutory deadline', done: 'extended' },
] as const;
export type SuperviseAction = (typeof SUPERVISE_ACTIONS)[number]['value'];
export const SUPERVISE_DONE: readonly string[] = SUPERVISE_ACTIONS.map((a) => a.done);

/** At most this many cases in one bulk post. */
export const SUPERVISE_BULK_MAX = 100;
/** "No step" in a row's checkbox value: the case is on the list for its statutory date alone. */
export const NO_STEP = '-';
const REASON_MAX = 500;

export interface SuperviseBulk {
  action: SuperviseAction;
  selected: BulkSelection[];
  /** Why (resume and extend); a resume's reason goes on the case as a comment. */
  reason: string;
  /** The command for one selected case (a reassign needs the row's step). */
  commandFor(selection: BulkSelection): CaseCommand | { refused: string };
}

export function readSuperviseForm(form: FormFields): SuperviseBulk | { errors: FieldError[] } {
  const action = SUPERVISE_ACTIONS.find((a) => a.value === textField(form, 'action'))?.value;
  const errors: FieldError[] = [];
  if (!action) errors.push({ field: 'bulk-action', message: 'Choose what to do with the selected cases' });
  const assigneeId = textField(form, 'assignee').trim();
  const pauseReason = textField(form, 'pauseReason').trim();
  const by = textField(form, 'by').trim();
  const reason = textField(form, 'reason').trim();
  // A process that lists extension reasons takes one of their ids; others take the written reason.
  const extendReason = textField(form, 'extendReason').trim();
  if (action === 'reassign' && assigneeId === '')
    errors.push({ field: 'bulk-assignee', message: 'Choose the person to reassign the tasks to' });
  if (action === 'pause' && pauseReason === '')
    errors.push({ field: 'bulk-pause-reason', message: 'Choose why the clock is paused' });
  if (action === 'extend' && by === '')
    errors.push({ field: 'bulk-by', message: 'Enter how long to extend by, for example 10 working days' });
  if (action === 'resume' && reason === '')
    errors.push({ field: 'bulk-reason', message: 'Enter the reason to resume the clock' });
  if (action === 'extend' && reason === '' && extendReason === '')
    errors.push({ field: 'bulk-extend-reason', message: 'Choose or enter the reason to extend the deadline' });
  if (reason.length > REASON_MAX)
    errors.push({ field: 'bulk-reason', message: `Enter a reason of at most ${REASON_MAX} characters` });
  const selection = readSelection(form, action === 'reassign' ? 'reassign' : 'act on', SUPERVISE_BULK_MAX);
  if ('error' in selection) errors.push(selection.error);
  if (errors.length > 0 || !action || 'error' in selection) return { errors };
  return {
    action,
    selected: selection.selected,
    reason,
    commandFor(selected) {
      switch (action) {
        case 'reassign':
          return selected.stepId === NO_STEP
            ? { refused: 'NO_TASK' }
            : { kind: 'assign', step: selected.stepId, assigneeId };
        case 'pause':
          return { kind: 'pause-clock', reason: pauseReason };
        case 'resume':
          return { kind: 'resume-clock' };
        case 'extend':
          return { kind: 'extend-clock', by, reason: extendReason || reason };
      }
    },
  };
}

/** The reason a resume was asked for goes on the case as a comment (the resume signal carries none). */
export function resumeComment(reason: string): CaseCommand {
  return { kind: 'comment', text: `Statutory clock resumed: ${reason}` };
}
