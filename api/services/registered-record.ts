/**
 * What a just-started case's row will hold before its first projection lands (the worker may be slow
 * or busy): the answer to a create is then built from what was registered, not invented.
 */
import type { CaseRecord, CaseRegistration } from '../../domain/case';
import type { CompiledDefinition } from '../../domain/definition';
import type { StartCaseInput } from './start-case-input';
import type { CaseReservation } from './case-reservation';

export function registeredRecord(
  reservation: CaseReservation,
  definition: CompiledDefinition,
  input: StartCaseInput,
  registration: Omit<CaseRegistration, 'trackingNumber'>,
  now: Date,
): CaseRecord {
  return {
    id: reservation.caseId,
    trackingNumber: reservation.trackingNumber,
    definitionId: definition.id,
    definitionVersion: definition.version,
    definitionHash: definition.hash,
    status: 'open',
    residentStatus: 'received',
    currentSteps: [],
    assigneeId: null,
    departmentId: registration.departmentId ?? null,
    priority: input.priority ?? definition.defaultPriority,
    slaDueAt: null,
    statutoryDueAt: null,
    statutoryClockPaused: false,
    escalationLevel: 0,
    caseData: input.data,
    residentContact: input.residentContact ? { ...input.residentContact } : null,
    outcome: null,
    retentionClass: null,
    title: registration.title ?? definition.title,
    channel: registration.channel ?? null,
    open311: registration.open311 ?? {},
    projectionSequence: 0,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
}
