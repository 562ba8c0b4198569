/**
 * The case read model: what the API lists and shows. The workflow owns the truth; it projects a full
 * snapshot after every change, tagged with a sequence number so late or retried projections never
 * overwrite newer ones.
 */
import type { JsonObject } from './audit';

/** Lifecycle status. Common values below; the workflow may use others (the column is free text). */
export type CaseStatus = 'open' | 'awaiting-applicant' | 'closed' | 'withdrawn' | (string & {});
export const CLOSED_CASE_STATUSES: readonly string[] = ['closed', 'withdrawn'];

export type CasePriority = 'low' | 'normal' | 'high' | 'urgent' | (string & {});

/** How a resident can be reached. Personal data: masked for roles without access. */
export interface ResidentContact {
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
  preferredChannel?: 'email' | 'sms' | 'post' | 'none';
  [key: string]: unknown;
}

/** A step the case currently sits on (several while parallel branches run). */
export interface CurrentStep {
  stepId: string;
  title?: string;
  kind?: string;
  enteredAt?: string;
  [key: string]: unknown;
}

/** Open311 GeoReport v2 fields kept for requests that came in through that channel (or have a location). */
export interface Open311Fields {
  serviceCode?: string;
  description?: string;
  lat?: number;
  long?: number;
  addressString?: string;
  addressId?: string;
  zipcode?: string;
  mediaUrl?: string;
  /** Token handed back when a request is accepted before it has an id (GeoReport `tokens`). */
  token?: string;
  statusNotes?: string;
  agencyResponsible?: string;
  serviceNotice?: string;
}

/**
 * Read-model columns only the creator of a case knows. They travel in the workflow's start input and
 * are written when its first projection inserts the row, so a case row never exists without its
 * workflow; later projections never touch them.
 */
export interface CaseRegistration {
  trackingNumber: string;
  /** hashVerificationCode(trackingNumber, code): the resident's code itself is never stored here. */
  verificationCodeHash?: string;
  title?: string;
  /** Where the case is listed before any task names a department. */
  departmentId?: string;
  channel?: string;
  open311?: Open311Fields;
}

/** A human task waiting for someone: one row per open step, for worklists. */
export interface OpenTask {
  caseId: string;
  stepId: string;
  role: string;
  departmentId?: string;
  assigneeId?: string;
  dueAt?: Date;
  /** 0 = none yet, 1 = first escalation level reached, … */
  escalationLevel: number;
  warned?: boolean;
  createdAt?: Date;
}

/** A finished visit of a human or wait step, kept for SLA reports per step and department. */
export interface CompletedStep {
  stepId: string;
  enteredAt: Date;
  completedAt: Date;
  /** SLA due instant while the step was open; absent when the step has no SLA. */
  dueAt?: Date;
  departmentId?: string;
  role?: string;
  completedBy?: string;
  /** The action taken (e.g. 'approve'), or 'timeout' / 'cancelled'. */
  action?: string;
}

/** A snapshot the workflow projects into the read model. */
export interface CaseProjection {
  caseId: string;
  /** Monotonic per case; a projection is applied only if newer than the stored one. */
  sequence: number;
  /** Given with a case's first projection: written only if this projection creates the row. */
  registration?: CaseRegistration;
  definitionId: string;
  definitionVersion: string;
  definitionHash: string;
  status: CaseStatus;
  residentStatus: string;
  currentSteps: CurrentStep[];
  assigneeId?: string | null;
  departmentId?: string | null;
  priority: CasePriority;
  slaDueAt?: Date | null;
  statutoryDueAt?: Date | null;
  statutoryClockPaused?: boolean;
  escalationLevel?: number;
  caseData: JsonObject;
  residentContact?: ResidentContact | null;
  outcome?: string | null;
  retentionClass?: string | null;
  title?: string | null;
  open311?: Open311Fields;
  /** Open tasks replace the case's task rows when given. */
  tasks?: Omit<OpenTask, 'caseId'>[];
  /** Finished step visits; recorded once each (keyed by case, step and entry instant), so sending them again is harmless. */
  completedSteps?: CompletedStep[];
  updatedAt: Date;
  closedAt?: Date | null;
}

/** A row of the case read model. */
export interface CaseRecord {
  id: string;
  trackingNumber: string;
  definitionId: string;
  definitionVersion: string;
  definitionHash: string;
  status: CaseStatus;
  residentStatus: string;
  currentSteps: CurrentStep[];
  assigneeId: string | null;
  departmentId: string | null;
  priority: CasePriority;
  slaDueAt: Date | null;
  statutoryDueAt: Date | null;
  statutoryClockPaused: boolean;
  escalationLevel: number;
  caseData: JsonObject;
  residentContact: ResidentContact | null;
  outcome: string | null;
  retentionClass: string | null;
  title: string | null;
  channel: string | null;
  open311: Open311Fields;
  projectionSequence: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}
