/**
 * The activities the case workflow calls, as types only. They live on the workflow side so that
 * workflow code never imports activities/ (lint forbids it); activities/ implements this interface and
 * the worker joins the two.
 */
import type { JsonValue, Priority } from '../domain/definition';
import type { NotifyRecipient } from '../interpreter/case-model';
import type { CaseRegistration } from '../domain/case';
import type { ResidentContactInput } from './case-contract';

export type AuditActorKind = 'staff' | 'resident' | 'system' | 'integration';

/** One audit entry, keyed by the interpreter's command key so a retried write adds nothing. */
export interface AuditWrite {
  idempotencyKey: string;
  actor: { id: string; kind: AuditActorKind };
  occurredAt: string;
  eventType: string;
  details: Record<string, JsonValue>;
  source?: { ip?: string; channel?: string; workflowId?: string };
}

export interface TaskWrite {
  stepId: string;
  role: string;
  departmentId?: string;
  assigneeId?: string;
  dueAt?: string;
  escalationLevel: number;
  warned: boolean;
}

export interface CompletedStepWrite {
  stepId: string;
  enteredAt: string;
  completedAt: string;
  dueAt?: string;
  departmentId?: string;
  role?: string;
  completedBy?: string;
  action?: string;
}

/** The read-model snapshot after an accepted event (instants as ISO strings). */
export interface CaseProjectionWrite {
  caseId: string;
  sequence: number;
  /** The creator's columns, with the first projection only. */
  registration?: CaseRegistration;
  definitionId: string;
  definitionVersion: string;
  definitionHash: string;
  status: string;
  residentStatus: string;
  currentSteps: {
    stepId: string;
    title: string;
    kind: string;
    enteredAt: string;
    token: string;
    role?: string;
    department?: string;
    assignee?: string;
    dueAt?: string;
  }[];
  assigneeId: string | null;
  departmentId?: string;
  priority: Priority;
  slaDueAt: string | null;
  statutoryDueAt: string | null;
  statutoryClockPaused: boolean;
  escalationLevel: number;
  caseData: Record<string, JsonValue>;
  residentContact?: ResidentContactInput;
  outcome: string | null;
  retentionClass: string | null;
  title?: string;
  tasks: TaskWrite[];
  completedSteps: CompletedStepWrite[];
  updatedAt: string;
  closedAt: string | null;
}

export interface RecordCaseStepInput {
  caseId: string;
  audit: AuditWrite[];
  projection?: CaseProjectionWrite;
}

export interface RecordCaseStepResult {
  auditWritten: number;
  projection: 'applied' | 'stale' | 'none';
}

/** A definition template travels with the notice, so the version the case runs is the one used. */
export interface DefinitionTemplateView {
  subject?: string;
  body: string;
  channel: 'email' | 'sms' | 'letter' | 'portal';
}

export interface PrepareNotificationInput {
  caseId: string;
  /** The notify command's key; each delivery derives its own from it. */
  key: string;
  template: string;
  builtIn: boolean;
  definitionTemplate?: DefinitionTemplateView;
  recipients: NotifyRecipient[];
  /** Roles that count as "supervisor" of each department, from the definition. */
  supervisorRoles: Record<string, string[]>;
  /** The applicant's contact: given at creation, or found in case data. */
  applicant: ResidentContactInput;
  /** Placeholders: case data plus the command's context. */
  variables: Record<string, JsonValue>;
}

/** One message to one address. */
export interface NotificationDelivery {
  idempotencyKey: string;
  caseId: string;
  /** `letter`: `to` is the postal address; the notice becomes a PDF queued for printing. */
  channel: 'email' | 'sms' | 'letter';
  to: string;
  recipientName?: string;
  /** Who it is for, for the audit trail: "applicant", "user:<id>", "role:<id>@<dept>", "supervisor@<dept>". */
  recipientKind: string;
  template: string;
  builtIn: boolean;
  definitionTemplate?: DefinitionTemplateView;
  variables: Record<string, JsonValue>;
}

export interface RunAutomatedActionInput {
  caseId: string;
  /** The run-activity command key: an action must be idempotent under it. */
  key: string;
  activity: string;
  /** A work order's connection (activity work-orders.send). */
  connection?: string;
  /** The step's token: one work order per visit to the step, whatever the retries (staff's included). */
  token?: string;
  step: string;
  input: Record<string, JsonValue>;
}

export interface CaseActivities {
  recordCaseStep(input: RecordCaseStepInput): Promise<RecordCaseStepResult>;
  prepareNotification(input: PrepareNotificationInput): Promise<NotificationDelivery[]>;
  sendNotification(delivery: NotificationDelivery): Promise<{ delivered: boolean; detail?: string }>;
  runAutomatedAction(input: RunAutomatedActionInput): Promise<Record<string, JsonValue>>;
}
