/** What to do with the ticked at-risk cases: reassign to an eligible person, or pause, resume or extend the statutory clock with a reason. */
import { errorFor, type FieldError } from './error-summary';
import { Radios } from './radios';
import { Select, type Choice } from './select';
import { TextInput } from './text-input';
import { Textarea } from './textarea';

export interface SuperviseBulkValues {
  action?: string;
  assignee?: string;
  pauseReason?: string;
  by?: string;
  extendReason?: string;
  reason?: string;
}

export function SuperviseBulkFields(props: {
  actions: readonly Choice[];
  assignees: readonly Choice[];
  pauseReasons: readonly Choice[];
  extensionReasons: readonly Choice[];
  values: SuperviseBulkValues;
  errors: readonly FieldError[];
}) {
  const { values, errors } = props;
  return (
    <fieldset class="usa-fieldset cf-supervise-bulk">
      <legend class="usa-legend usa-legend--large">With the selected cases</legend>
      <Radios
        id="bulk-action"
        name="action"
        label="What to do"
        options={props.actions}
        value={values.action}
        required
        error={errorFor(errors, 'bulk-action')}
      />
      <Select
        id="bulk-assignee"
        name="assignee"
        label="Reassign to"
        hint="Staff who may work on at least one of the listed steps; each case checks its own step"
        options={props.assignees}
        value={values.assignee}
        error={errorFor(errors, 'bulk-assignee')}
      />
      <Select
        id="bulk-pause-reason"
        name="pauseReason"
        label="Why the clock is paused"
        options={props.pauseReasons}
        value={values.pauseReason}
        error={errorFor(errors, 'bulk-pause-reason')}
      />
      <TextInput
        id="bulk-by"
        name="by"
        label="Extend by"
        hint="For example, 10 working days"
        value={values.by}
        width="md"
        error={errorFor(errors, 'bulk-by')}
      />
      {props.extensionReasons.length > 0 ? (
        <Select
          id="bulk-extend-reason"
          name="extendReason"
          label="Reason for the extension"
          hint="For processes that list their extension reasons; others take the reason written below"
          options={props.extensionReasons}
          value={values.extendReason}
          error={errorFor(errors, 'bulk-extend-reason')}
        />
      ) : null}
      <Textarea
        id="bulk-reason"
        name="reason"
        label="Reason (to resume or extend)"
        rows={2}
        value={values.reason}
        error={
          errorFor(errors, 'bulk-reason') ??
          (props.extensionReasons.length > 0 ? undefined : errorFor(errors, 'bulk-extend-reason'))
        }
      />
      <button type="submit" class="usa-button">
        Apply to the selected cases
      </button>
    </fieldset>
  );
}
