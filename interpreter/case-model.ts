/**
 * The interpreter's contract: case state (plain JSON, carried across continue-as-new), the events
 * that drive a case, the commands it asks the workflow to carry out, and the result of one step.
 * Instants in state and commands are ISO 8601 UTC strings ("2026-03-02T17:00:00.000Z").
 */
import type { JsonValue, Priority, TimelineEventType } from '../domain/definition';
import type { DurationSpec } from '../domain/durations';

export const CASE_STATE_VERSION = 1;

/** Who acts: a staff member (roles, department), the applicant, or the system. */
export interface Actor {
  id: string;
  roles?: readonly string[];
  /** The actor's department; when absent, the department of the role that matches the task. */
  department?: string;
  kind?: 'staff' | 'applicant' | 'system';
}

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

export type CaseLifecycle = 'open' | 'closed';

export interface SlaState {
  startedAt: string;
  dueAt: string;
  basis: DurationSpec['basis'];
  calendar?: string;
  source: string;
  warningAt?: string;
  warned: boolean;
  /** Highest escalation level reached (0 = none). */
  escalationLevel: number;
  breached: boolean;
}

/** A step the case is on. Several at once inside parallel branches. */
export interface ActiveStep {
  /** Unique per case ("t1", "t2", …): a step can be entered more than once. */
  token: string;
  stepId: string;
  type: 'human' | 'wait' | 'automated' | 'parallel';
  enteredAt: string;
  /** The enclosing parallel step's token and branch. */
  parent?: string;
  branch?: string;
  // human tasks
  role?: string;
  department?: string;
  assignee?: string;
  priority?: Priority;
  sla?: SlaState;
  // wait steps
  timeoutAt?: string;
  // automated steps
  attempt?: number;
  /** Retries exhausted and no onFailure path: the case waits for staff to retry. */
  incident?: string;
  // parallel steps
  branches?: Record<string, 'running' | 'done' | 'cancelled'>;
  /** The statutory clock was paused on entry to this step and resumes when it is left. */
  pausedClock?: boolean;
}

export interface ClockPause {
  reason: string;
  from: string;
  to?: string;
  /** Paused time in the clock's basis (working ms for working-time clocks). */
  pausedMs?: number;
  /** Token of the step that paused it, when paused by a step rather than by staff. */
  byStep?: string;
}

export interface ClockExtension {
  by: string;
  reason?: string;
  at: string;
  actor?: string;
}

export interface StatutoryClockState {
  startedAt: string;
  /** The limit in force (variants are re-evaluated when case data changes). */
  limit: DurationSpec;
  calendar?: string;
  dueAt: string;
  warningAt?: string;
  pauses: ClockPause[];
  extensions: ClockExtension[];
  warned: boolean;
  breached: boolean;
  /** Set when the case finished: whether the decision came within the legal limit. */
  stoppedAt?: string;
  metDeadline?: boolean;
}

export type DeadlinePurpose =
  'sla-warning' | 'sla-escalation' | 'sla-breach' | 'wait-timeout' | 'clock-warning' | 'clock-due';

export interface ArmedDeadline {
  dueAt: string;
  purpose: DeadlinePurpose;
  token?: string;
  level?: number;
}

export interface CaseState {
  stateVersion: typeof CASE_STATE_VERSION;
  caseId: string;
  definition: { id: string; version: string; hash: string };
  lifecycle: CaseLifecycle;
  /** Resident-visible status id (definition.statuses). */
  status?: string;
  priority: Priority;
  data: Record<string, JsonValue>;
  createdAt: string;
  updatedAt: string;
  /** Accepted events so far; with the case id it keys commands for idempotent side effects. */
  sequence: number;
  nextToken: number;
  active: ActiveStep[];
  /** Who last completed each step, for separation of duties. */
  completions: Record<string, { by: string; at: string; action?: string }>;
  clock?: StatutoryClockState;
  deadlines: Record<string, ArmedDeadline>;
  outcome?: { id: string; retention: string; at: string; step?: string };
  /** Until when a finished case may be reopened, and where it resumes. */
  reopen?: { until: string; next: string };
  documents: { id: string; name?: string; at: string; by?: string }[];
  commentCount: number;
  /** Recently applied event ids, to ignore a signal delivered twice. */
  recentEventIds: string[];
}

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

interface EventBase {
  /** Idempotency: an event whose id was applied recently is ignored. */
  eventId?: string;
}

export type CaseEvent = EventBase &
  (
    | {
        type: 'staff-action';
        actor: Actor;
        step: string;
        action: string;
        data?: Record<string, JsonValue>;
        comment?: string;
      }
    | { type: 'claim'; actor: Actor; step: string }
    /** Assign or reassign a human task; `assignee` must be eligible for it. */
    | { type: 'assign'; actor: Actor; step: string; assignee: Actor }
    | { type: 'release'; actor: Actor; step: string }
    | { type: 'comment'; actor: Actor; text: string }
    | { type: 'document-attached'; actor?: Actor; documentId: string; name?: string }
    /** An event declared in the definition's `events` (e.g. the applicant sent documents). */
    | { type: 'external-event'; event: string; data?: Record<string, JsonValue>; actor?: Actor }
    | { type: 'pause-clock'; actor?: Actor; reason: string }
    | { type: 'resume-clock'; actor?: Actor; reason?: string }
    | { type: 'extend-clock'; actor?: Actor; by: string; reason?: string }
    | { type: 'withdraw'; actor?: Actor; reason?: string }
    /** Staff close the case (e.g. opened in error), when the definition allows it. */
    | { type: 'cancel'; actor: Actor; comment?: string }
    | { type: 'reopen'; actor?: Actor; reason?: string }
    | { type: 'timer-fired'; deadlineId: string }
    | { type: 'automated-completed'; step: string; output?: Record<string, JsonValue> }
    | { type: 'automated-failed'; step: string; error: string }
    /** Staff retry an automated step that exhausted its retries. */
    | { type: 'retry-automated'; actor: Actor; step: string }
  );

export type CaseEventType = CaseEvent['type'];

export interface CaseInput {
  caseId: string;
  data?: Record<string, JsonValue>;
  priority?: Priority;
  actor?: Actor;
}

// ---------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------

export type NotifyRecipient =
  | { kind: 'applicant' }
  | { kind: 'user'; userId: string }
  | { kind: 'role'; role: string; department: string }
  | { kind: 'supervisor'; department: string };

/** A recipient as one string (audit details, de-duplication): `role:clerk@permits`, `user:u-1`. */
export function describeRecipient(recipient: NotifyRecipient): string {
  switch (recipient.kind) {
    case 'applicant':
      return 'applicant';
    case 'user':
      return `user:${recipient.userId}`;
    case 'role':
      return `role:${recipient.role}@${recipient.department}`;
    case 'supervisor':
      return `supervisor@${recipient.department}`;
  }
}

/** Platform templates the interpreter uses when the definition names none. */
export type BuiltInTemplate =
  | 'sla-warning'
  | 'sla-escalation'
  | 'sla-breach'
  | 'clock-warning'
  | 'clock-breached'
  | 'status-changed'
  | 'task-assigned';

/** Audit/timeline entry types: the definition's timeline events plus the record-only one. */
export type AuditEntryType =
  | TimelineEventType
  /** The case moved to a newer version of its definition (interpreter/migrate-case.ts). */
  | 'case-migrated';

export interface AuditEntry {
  type: AuditEntryType;
  at: string;
  actor?: string;
  step?: string;
  token?: string;
  action?: string;
  level?: number;
  template?: string;
  status?: string;
  outcome?: string;
  reason?: string;
  /** Set when a deadline was handled late (the platform was down): the deadline this entry was for; `at` is when it happened. */
  deadlineAt?: string;
  detail?: Record<string, JsonValue>;
}

interface CommandBase {
  /** `${caseId}:${sequence}:${index}`: unique and stable across replays, for idempotent side effects. */
  key: string;
}

/** What the workflow carries out for the interpreter (timers, notices, activities, audit); the API's staff commands are api/services/case-commands.ts. */
export type WorkflowCommand = CommandBase &
  (
    | { type: 'arm-deadline'; deadlineId: string; dueAt: string; purpose: DeadlinePurpose; step?: string }
    | { type: 'cancel-deadline'; deadlineId: string }
    | {
        type: 'notify';
        template: string;
        builtIn: boolean;
        recipients: NotifyRecipient[];
        step?: string;
        context: Record<string, JsonValue>;
      }
    | {
        type: 'run-activity';
        activity: string;
        connection?: string;
        step: string;
        token: string;
        input: Record<string, JsonValue>;
        retry: { maxAttempts: number; initialIntervalMs: number; backoff: number };
      }
    | { type: 'audit'; entry: AuditEntry }
    | { type: 'change-status'; status: string; label: string; informApplicant: boolean }
    | { type: 'finish'; outcome: string; retention: string; appealable: boolean; reopenUntil?: string }
  );

export type WorkflowCommandType = WorkflowCommand['type'];

// ---------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------

export type RejectionCode =
  | 'CASE_CLOSED'
  | 'CASE_OPEN'
  | 'STEP_NOT_ACTIVE'
  | 'NOT_A_HUMAN_TASK'
  | 'NOT_AN_AUTOMATED_STEP'
  | 'UNKNOWN_ACTION'
  | 'ACTION_NOT_AVAILABLE'
  | 'ROLE_NOT_ALLOWED'
  | 'DEPARTMENT_NOT_ALLOWED'
  | 'ASSIGNED_TO_OTHER'
  | 'SEPARATION_OF_DUTIES'
  | 'UNKNOWN_FIELD'
  | 'FIELD_NOT_EDITABLE'
  | 'INVALID_FIELD_VALUE'
  | 'REQUIRED_FIELD_MISSING'
  | 'COMMENT_REQUIRED'
  | 'ASSIGNEE_NOT_ELIGIBLE'
  | 'UNKNOWN_EVENT'
  | 'NO_STATUTORY_CLOCK'
  | 'CLOCK_NOT_RUNNING'
  | 'CLOCK_ALREADY_PAUSED'
  | 'CLOCK_NOT_PAUSED'
  | 'UNKNOWN_PAUSE_REASON'
  | 'EXTENSION_NOT_ALLOWED'
  | 'EXTENSION_REASON'
  | 'EXTENSION_TOO_LONG'
  | 'EXTENSION_LIMIT'
  | 'BAD_DURATION'
  | 'WITHDRAWAL_NOT_ALLOWED'
  | 'CANCELLATION_NOT_ALLOWED'
  | 'REOPEN_NOT_ALLOWED'
  | 'REOPEN_WINDOW_CLOSED'
  | 'NO_INCIDENT'
  | 'INVALID_EVENT';

export interface Rejection {
  code: RejectionCode;
  reason: string;
}

export type CaseStepResult =
  | { outcome: 'accepted'; state: CaseState; commands: WorkflowCommand[] }
  /** The state is returned unchanged (the same object). */
  | { outcome: 'rejected'; state: CaseState; commands: []; rejection: Rejection }
  /** A duplicate event or a deadline that is no longer armed: nothing happens. */
  | { outcome: 'ignored'; state: CaseState; commands: []; reason: string };
