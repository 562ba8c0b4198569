/**
 * Who may be assigned a human task: the interpreter's own rules (role and department of the task,
 * separation of duties) applied to the active staff directory. Pure; the assign command still goes
 * through the workflow, which checks the same rules again.
 */
import type { AuditEntry } from '../../domain/audit';
import type { CompiledDefinition, CompiledHumanStep } from '../../domain/definition';
import { checkEligible, checkSeparation, type ActiveStep, type CaseState } from '../../interpreter';

export interface AssignableTask {
  stepId: string;
  token: string;
  role: string;
  departmentId: string | null;
  assigneeId: string | null;
}

export interface StaffMember {
  id: string;
  displayName: string;
  roles: readonly string[];
  departmentId: string | null;
  active: boolean;
}

export interface EligibleAssignee {
  id: string;
  displayName: string;
  departmentId: string | null;
  /** The task is assigned to this person now. */
  current: boolean;
}

/** Who last completed each step (separation of duties), from the case's `action-taken` audit entries. */
export function completionsFromAudit(
  entries: readonly Pick<AuditEntry, 'eventType' | 'actor' | 'details'>[],
): CaseState['completions'] {
  const completions: CaseState['completions'] = {};
  for (const entry of entries) {
    const step = entry.details.step;
    if (entry.eventType === 'action-taken' && typeof step === 'string')
      completions[step] = { by: entry.actor.id, at: '' };
  }
  return completions;
}

export function eligibleAssignees(
  definition: Pick<CompiledDefinition, 'roles'>,
  step: Pick<CompiledHumanStep, 'id' | 'notSameActorAs'>,
  task: AssignableTask,
  staff: readonly StaffMember[],
  completions: CaseState['completions'],
): EligibleAssignee[] {
  const active: ActiveStep = {
    token: task.token,
    stepId: task.stepId,
    type: 'human',
    enteredAt: '',
    role: task.role,
    ...(task.departmentId ? { department: task.departmentId } : {}),
  };
  return staff
    .filter((member) => member.active)
    .filter((member) => {
      // The same actor the assign command hands the workflow.
      const actor = {
        id: member.id,
        roles: member.roles,
        ...(member.departmentId ? { department: member.departmentId } : {}),
        kind: 'staff' as const,
      };
      return !checkEligible(definition, active, actor) && !checkSeparation({ completions }, step, actor);
    })
    .map((member) => ({
      id: member.id,
      displayName: member.displayName,
      departmentId: member.departmentId,
      current: member.id === task.assigneeId,
    }));
}
