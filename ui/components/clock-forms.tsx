/** Pause, resume and extend the statutory clock, each with its reason. */
import type { ComponentChildren } from 'preact';
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
import { postedText } from './field-binding';
import type { Choice } from './select';
import { Select } from './select';
import { TextInput } from './text-input';
import { Textarea } from './textarea';

interface ClockFormProps {
  caseId: string;
  frame: CaseFormFrame;
  errors: readonly FieldError[];
  values: Readonly<Record<string, string | string[]>>;
}

type ClockChange = 'pause' | 'resume' | 'extend';

/** One clock change: posts to /cases/{id}/clock/{change}; its fields' ids start with clock-{change}. */
function ClockForm({
  caseId,
  frame,
  errors,
  change,
  submit,
  children,
}: Omit<ClockFormProps, 'values'> & { change: ClockChange; submit: string; children?: ComponentChildren }) {
  return (
    <CaseForm
      action={`/cases/${caseId}/clock/${change}`}
      frame={frame}
      submit={submit}
      id={`clock-${change}`}
      error={errorFor(errors, `clock-${change}`)}
      secondary
    >
      {children}
    </CaseForm>
  );
}

function ReasonSelect({
  change,
  label,
  reasons,
  errors,
  values,
}: Pick<ClockFormProps, 'errors' | 'values'> & { change: ClockChange; label: string; reasons: readonly Choice[] }) {
  return (
    <Select
      id={`clock-${change}-reason`}
      name="reason"
      label={label}
      options={reasons}
      value={postedText(values, 'reason')}
      required
      error={errorFor(errors, `clock-${change}-reason`)}
    />
  );
}

export function PauseClockForm({ reasons, ...props }: ClockFormProps & { reasons: readonly Choice[] }) {
  return (
    <ClockForm {...props} change="pause" submit="Pause the clock">
      <ReasonSelect {...props} change="pause" label="Why is the clock paused?" reasons={reasons} />
    </ClockForm>
  );
}

export function ResumeClockForm(props: Omit<ClockFormProps, 'values'>) {
  return <ClockForm {...props} change="resume" submit="Resume the clock" />;
}

export function ExtendClockForm({ reasons, ...props }: ClockFormProps & { reasons: readonly Choice[] }) {
  const { values, errors } = props;
  const label = 'Reason for the extension';
  return (
    <ClockForm {...props} change="extend" submit="Extend the deadline">
      <TextInput
        id="clock-extend-by"
        name="by"
        label="Extend by"
        hint="For example, 10 working days"
        value={postedText(values, 'by')}
        required
        width="md"
        error={errorFor(errors, 'clock-extend-by')}
      />
      {reasons.length > 0 ? (
        <ReasonSelect {...props} change="extend" label={label} reasons={reasons} />
      ) : (
        <Textarea
          id="clock-extend-reason"
          name="reason"
          label={label}
          rows={3}
          value={postedText(values, 'reason')}
          error={errorFor(errors, 'clock-extend-reason')}
        />
      )}
    </ClockForm>
  );
}
