/** The case as staff see it: the read-model row with personal data masked for the viewer. Pure. */
import type { CaseRecord } from '../../domain/case';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { maskCaseData, seesResidentContact, visiblePersonalFields } from '../auth/access-policy';
import type { Principal } from '../auth/principal';

export interface CaseView {
  id: string;
  trackingNumber: string;
  definition: { id: string; version: string; hash: string };
  title: string | null;
  status: string;
  residentStatus: string;
  priority: string;
  departmentId: string | null;
  assigneeId: string | null;
  currentSteps: { stepId: string; title?: string; kind?: string; enteredAt?: string }[];
  slaDueAt: string | null;
  statutoryDueAt: string | null;
  statutoryClockPaused: boolean;
  escalationLevel: number;
  overdue: boolean;
  data: Record<string, JsonValue>;
  maskedFields: string[];
  residentContact: Record<string, JsonValue> | null;
  outcome: string | null;
  channel: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function isOverdue(record: CaseRecord, now: Date): boolean {
  if (record.closedAt) return false;
  return [record.slaDueAt, record.statutoryDueAt].some((due) => due !== null && due.getTime() < now.getTime());
}

export function toCaseView(
  record: CaseRecord,
  definition: Pick<CompiledDefinition, 'caseData' | 'roles'>,
  principal: Principal,
  now: Date,
): CaseView {
  const { data, masked } = maskCaseData(
    record.caseData as Record<string, JsonValue>,
    definition.caseData.personalFields,
    visiblePersonalFields(principal, definition),
  );
  const contact =
    record.residentContact && seesResidentContact(principal, definition)
      ? (JSON.parse(JSON.stringify(record.residentContact)) as Record<string, JsonValue>)
      : null;
  if (record.residentContact && contact === null) masked.push('residentContact');
  return {
    id: record.id,
    trackingNumber: record.trackingNumber,
    definition: { id: record.definitionId, version: record.definitionVersion, hash: record.definitionHash },
    title: record.title,
    status: record.status,
    residentStatus: record.residentStatus,
    priority: record.priority,
    departmentId: record.departmentId,
    assigneeId: record.assigneeId,
    currentSteps: record.currentSteps.map((step) => ({
      stepId: step.stepId,
      ...(typeof step.title === 'string' ? { title: step.title } : {}),
      ...(typeof step.kind === 'string' ? { kind: step.kind } : {}),
      ...(typeof step.enteredAt === 'string' ? { enteredAt: step.enteredAt } : {}),
    })),
    slaDueAt: iso(record.slaDueAt),
    statutoryDueAt: iso(record.statutoryDueAt),
    statutoryClockPaused: record.statutoryClockPaused,
    escalationLevel: record.escalationLevel,
    overdue: isOverdue(record, now),
    data,
    maskedFields: masked,
    residentContact: contact,
    outcome: record.outcome,
    channel: record.channel,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    closedAt: iso(record.closedAt),
  };
}
