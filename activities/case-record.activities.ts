/**
 * Writes what one interpreter step produced, in one transaction: its audit entries (in order, each
 * under the interpreter's command key) and the read-model snapshot (applied only when newer). A retry after a
 * crash therefore adds no second entry and never rolls the read model back.
 */
import type { CaseProjection } from '../domain/case';
import { writeCaseStep } from '../db';
import type { CaseProjectionWrite, RecordCaseStepInput, RecordCaseStepResult } from '../workflows/case-activities';
import { inviteToSurvey, type SurveyInvitationDeps } from './satisfaction-invitation';

const optionalDate = (iso: string | undefined | null): Date | null => (iso ? new Date(iso) : null);

export function toCaseProjection(write: CaseProjectionWrite): CaseProjection {
  return {
    caseId: write.caseId,
    sequence: write.sequence,
    ...(write.registration ? { registration: write.registration } : {}),
    definitionId: write.definitionId,
    definitionVersion: write.definitionVersion,
    definitionHash: write.definitionHash,
    status: write.status,
    residentStatus: write.residentStatus,
    currentSteps: write.currentSteps,
    assigneeId: write.assigneeId,
    ...(write.departmentId !== undefined ? { departmentId: write.departmentId } : {}),
    priority: write.priority,
    slaDueAt: optionalDate(write.slaDueAt),
    statutoryDueAt: optionalDate(write.statutoryDueAt),
    statutoryClockPaused: write.statutoryClockPaused,
    escalationLevel: write.escalationLevel,
    caseData: write.caseData,
    ...(write.residentContact ? { residentContact: { ...write.residentContact } } : {}),
    outcome: write.outcome,
    retentionClass: write.retentionClass,
    ...(write.title !== undefined ? { title: write.title } : {}),
    tasks: write.tasks.map((task) => ({
      stepId: task.stepId,
      role: task.role,
      ...(task.departmentId ? { departmentId: task.departmentId } : {}),
      ...(task.assigneeId ? { assigneeId: task.assigneeId } : {}),
      ...(task.dueAt ? { dueAt: new Date(task.dueAt) } : {}),
      escalationLevel: task.escalationLevel,
      warned: task.warned,
    })),
    completedSteps: write.completedSteps.map((step) => ({
      stepId: step.stepId,
      enteredAt: new Date(step.enteredAt),
      completedAt: new Date(step.completedAt),
      ...(step.dueAt ? { dueAt: new Date(step.dueAt) } : {}),
      ...(step.departmentId ? { departmentId: step.departmentId } : {}),
      ...(step.role ? { role: step.role } : {}),
      ...(step.completedBy ? { completedBy: step.completedBy } : {}),
      ...(step.action ? { action: step.action } : {}),
    })),
    updatedAt: new Date(write.updatedAt),
    closedAt: optionalDate(write.closedAt),
  };
}

export function createCaseRecordActivities(deps: SurveyInvitationDeps) {
  return {
    async recordCaseStep(input: RecordCaseStepInput): Promise<RecordCaseStepResult> {
      // One transaction (one commit) for the step's projection and audit entries (writeCaseStep).
      const written = await writeCaseStep(
        deps.db,
        input.projection ? toCaseProjection(input.projection) : undefined,
        input.audit.map((write) => ({
          caseId: input.caseId,
          actor: write.actor,
          occurredAt: new Date(write.occurredAt),
          eventType: write.eventType,
          details: write.details,
          ...(write.source ? { source: write.source } : {}),
          idempotencyKey: write.idempotencyKey,
        })),
      );
      // The close has landed: the resident is asked how it went (once per close, whatever retries).
      if (input.projection?.closedAt) await inviteToSurvey(deps, input.caseId);
      return { auditWritten: written.audit.filter((r) => r.inserted).length, projection: written.projection };
    },
  };
}
