/** Pause, resume and extend the statutory clock, each with its reason. */
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
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

const text = (values: Readonly<Record<string, string | string[]>>, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};

export function PauseClockForm({
  caseId,
  frame,
  errors,
  values,
  reasons,
}: ClockFormProps & { reasons: readonly Choice[] }) {
  return (
    <CaseForm
      action={`/cases/${caseId}/clock/pause`}
      frame={frame}
      submit="Pause the clock"
      id="clock-pause"
      error={errorFor(errors, 'clock-pause')}
      secondary
    >
      <Select
        id="clock-pause-reason"
        name="reason"
        label="Why is the clock paused?"
        options={reasons}
        value={text(values, 'reason')}
        required
        error={errorFor(errors, 'clock-pause-reason')}
      />
    </CaseForm>
  );
}

export function ResumeClockForm({ caseId, frame, errors }: Omit<ClockFormProps, 'values'>) {
  return (
    <CaseForm
      action={`/cases/${caseId}/clock/resume`}
      frame={frame}
      submit="Resume the clock"
      id="clock-resume"
      error={errorFor(errors, 'clock-resume')}
      secondary
    />
  );
}

export function ExtendClockForm({
  caseId,
  frame,
  errors,
  values,
  reasons,
}: ClockFormProps & { reasons: readonly Choice[] }) {
  return (
    <CaseForm
      action={`/cases/${caseId}/clock/extend`}
      frame={frame}
      submit="Extend the deadline"
      id="clock-extend"
      error={errorFor(errors, 'clock-extend')}
      secondary
    >
      <TextInput
        id="clock-extend-by"
        name="by"
        label="Extend by"
        hint="For example, 10 working days"
        value={text(values, 'by')}
        required
        width="md"
        error={errorFor(errors, 'clock-extend-by')}
      />
      {reasons.length > 0 ? (
        <Select
          id="clock-extend-reason"
          name="reason"
          label="Reason for the extension"
          options={reasons}
          value={text(values, 'reason')}
          required
          error={errorFor(errors, 'clock-extend-reason')}
        />
      ) : (
        <Textarea
          id="clock-extend-reason"
          name="reason"
          label="Reason for the extension"
          rows={3}
          value={text(values, 'reason')}
          error={errorFor(errors, 'clock-extend-reason')}
        />
      )}
    </CaseForm>
  );
}
