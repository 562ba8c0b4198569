/** The assignee picker: the staff a human task of a case may be assigned to. */
import { listAuditEntries, listUsers } from '../../db';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase } from './case-access';
import type { DefinitionCache } from './definition-cache';
import {
  completionsFromAudit,
  eligibleAssignees,
  type AssignableTask,
  type EligibleAssignee,
} from './eligible-assignees';
import type { ServiceDeps } from './service-deps';

export interface EligibleAssigneeList extends AssignableTask {
  caseId: string;
  items: EligibleAssignee[];
}

export type AssigneeService = ReturnType<typeof createAssigneeService>;

export function createAssigneeService(deps: Pick<ServiceDeps, 'db'> & { definitions: DefinitionCache }) {
  return {
    /** For people who may assign (cases:assign); names and departments only, no contact details. */
    async eligibleAssignees(principal: Principal, caseId: string, stepId: string): Promise<EligibleAssigneeList> {
      demand(principal, 'cases:assign');
      const record = await findVisibleCase(deps, principal, caseId);
      const current = record.currentSteps.find((s) => s.stepId === stepId && s.kind === 'human');
      const definition = await deps.definitions.get(record.definitionId, record.definitionVersion);
      const step = definition.steps[stepId];
      if (!current || !step || step.type !== 'human' || record.closedAt) {
        throw new ApiError(
          'STEP_NOT_ACTIVE',
          `step ${JSON.stringify(stepId.slice(0, 100))} is not an open human task of case ${caseId}`,
          { caseId, stepId: stepId.slice(0, 200) },
        );
      }
      // The read model keeps the task's role and department as they are now (an escalation may have moved it).
      const task: AssignableTask = {
        stepId,
        token: typeof current.token === 'string' ? current.token : '',
        role: typeof current.role === 'string' ? current.role : step.role,
        departmentId: typeof current.department === 'string' ? current.department : step.department,
        assigneeId: typeof current.assignee === 'string' ? current.assignee : null,
      };
      const staff = await listUsers(deps.db, { role: task.role, activeOnly: true });
      const completions =
        step.notSameActorAs.length > 0
          ? completionsFromAudit(await listAuditEntries(deps.db, caseId, { eventTypes: ['action-taken'], limit: 5000 }))
          : {};
      return { caseId, ...task, items: eligibleAssignees(definition, step, task, staff, completions) };
    },
  };
}
