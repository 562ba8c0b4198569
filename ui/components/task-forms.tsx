/** Claim, release and assign/reassign a current task; the picker lists only eligible staff. */
import type { EligibleAssignee } from '../../api/services';
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
import { Select } from './select';

interface TaskFormProps {
  caseId: string;
  stepId: string;
  idPrefix: string;
  frame: CaseFormFrame;
  errors: readonly FieldError[];
}

export function ClaimForm({ caseId, stepId, idPrefix, frame, errors }: TaskFormProps) {
  return (
    <CaseForm
      action={`/cases/${caseId}/claim`}
      frame={frame}
      submit="Claim this task"
      id={idPrefix}
      error={errorFor(errors, idPrefix)}
    >
      <input type="hidden" name="step" value={stepId} />
    </CaseForm>
  );
}

export function ReleaseForm({ caseId, stepId, idPrefix, frame, errors }: TaskFormProps) {
  return (
    <CaseForm
      action={`/cases/${caseId}/release`}
      frame={frame}
      submit="Release this task"
      id={idPrefix}
      error={errorFor(errors, idPrefix)}
      secondary
    >
      <input type="hidden" name="step" value={stepId} />
    </CaseForm>
  );
}

export function AssignForm({
  caseId,
  stepId,
  idPrefix,
  frame,
  errors,
  eligible,
  currentAssignee,
  value,
}: TaskFormProps & { eligible: readonly EligibleAssignee[]; currentAssignee: string | null; value?: string }) {
  const options = eligible
    .filter((person) => person.id !== currentAssignee)
    .map((person) => ({
      value: person.id,
      label: `${person.displayName}${person.departmentId ? ` (${person.departmentId})` : ''}`,
    }));
  return (
    <CaseForm
      action={`/cases/${caseId}/assign`}
      frame={frame}
      submit={currentAssignee ? 'Reassign' : 'Assign'}
      id={idPrefix}
      error={errorFor(errors, idPrefix)}
      secondary
    >
      <input type="hidden" name="step" value={stepId} />
      <Select
        id={`${idPrefix}-assigneeId`}
        name="assigneeId"
        label={currentAssignee ? 'Reassign to' : 'Assign to'}
        hint="Only people who may work on this task are listed"
        options={options}
        value={value}
        required
        error={errorFor(errors, `${idPrefix}-assigneeId`)}
      />
    </CaseForm>
  );
}
