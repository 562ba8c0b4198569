/**
 * The case workflow's public contract: workflow type, task queue, signal and query names with their
 * payloads. The API and the worker are written against this file; it imports only the workflow SDK's
 * pure `defineSignal`/`defineQuery` and types, so client code may import it too.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseRegistration } from '../domain/case';
import type { CompiledDefinition, JsonValue, Priority } from '../domain/definition';
import type { PackedDefinition } from './packed-definition';
import type { Actor, CaseEvent, CaseState, RejectionCode } from '../interpreter/case-model';
import type { AvailableAction, AvailableClaim } from '../interpreter/available-actions';
import type { MigrationRefusalCode, StepMove, UnmappedStep } from '../interpreter/migrate-case';

/** Task queue the case worker polls (also the config default TASK_QUEUE). */
export const CASE_TASK_QUEUE = 'civicflow-cases';
/** Workflow type name; the workflow id is the case id. */
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** Where a request came from, copied onto the audit entries the event produces. */
export interface EventSource {
  ip?: string;
  channel?: string;
}

/** Contact details of the applicant, used to address notices (personal data). */
export interface ResidentContactInput {
  name?: string;
  email?: string;
  phone?: string;
  /** Postal address, for letters the office mails. */
  address?: string;
  /** 'post' and 'none': CivicFlow sends no email or SMS (letters are mailed by the office). */
  preferredChannel?: 'email' | 'sms' | 'post' | 'none';
}

/**
 * The definition as a case carries it (start input, migration target): without its scenarios, the
 * studio's test material (about 40 % of the JSON) that a running case never reads but that every
 * history and every cached workflow would otherwise hold. The hash still names the published version.
 */
export function definitionForCase(definition: CompiledDefinition): CompiledDefinition {
  return definition.scenarios.length === 0 ? definition : { ...definition, scenarios: [] };
}

/**
 * The case workflow's argument: the start input with its definition packed (client/case-client.ts).
 * Inputs written before packing, and a migrated case's continue-as-new, carry `definition` instead.
 */
export type CaseWorkflowArgs = Omit<CaseWorkflowInput, 'definition'> &
  (
    | { packedDefinition: PackedDefinition; definition?: undefined }
    | { definition: CompiledDefinition; packedDefinition?: undefined }
  );

/** Start input: pins the compiled definition (and so its hash) for the whole life of the case. */
export interface CaseWorkflowInput {
  caseId: string;
  definition: CompiledDefinition;
  data?: Record<string, JsonValue>;
  priority?: Priority;
  /** Who created the case (staff, the applicant, an integration). */
  actor?: Actor;
  residentContact?: ResidentContactInput;
  trackingNumber?: string;
  /**
   * The read-model columns the creator chose (tracking number above, verification code hash, channel,
   * Open311 fields): the first projection creates the case row with them, so starting the workflow
   * is the moment the case exists.
   */
  registration?: Omit<CaseRegistration, 'trackingNumber'>;
  source?: EventSource;
  /** Set only by continue-as-new: the state and outcomes carried over. */
  resume?: CaseResume;
}

export interface CaseResume {
  state: CaseState;
  outcomes: [string, EventOutcome][];
  pending: QueuedEvent[];
}

/** What the workflow returns when the case's run ends (closed and nothing can reopen it). */
export interface CaseWorkflowResult {
  caseId: string;
  outcome?: string;
  status?: string;
  sequence: number;
}

// ---------------------------------------------------------------------------------------------------
// Signals: every payload carries an event id (the API's action id) and, for people, the acting user.
// ---------------------------------------------------------------------------------------------------

interface SignalBase {
  /** Unique per request; the outcome is kept under it (eventOutcome query). A repeat is ignored. */
  eventId: string;
  source?: EventSource;
}

export interface StaffActionSignal extends SignalBase {
  actor: Actor;
  step: string;
  action: string;
  data?: Record<string, JsonValue>;
  comment?: string;
}
export interface ClaimTaskSignal extends SignalBase {
  actor: Actor;
  step: string;
}
/** Assign or reassign: `assignee` must be eligible for the task. */
export interface AssignTaskSignal extends SignalBase {
  actor: Actor;
  step: string;
  assignee: Actor;
}
export interface ReleaseTaskSignal extends SignalBase {
  actor: Actor;
  step: string;
}
export interface CommentSignal extends SignalBase {
  actor: Actor;
  text: string;
}
export interface DocumentAttachedSignal extends SignalBase {
  actor?: Actor;
  documentId: string;
  name?: string;
}
/** An event the definition declares (e.g. the applicant sent documents, a payment arrived). */
export interface ExternalEventSignal extends SignalBase {
  actor?: Actor;
  event: string;
  data?: Record<string, JsonValue>;
}
export interface PauseClockSignal extends SignalBase {
  actor?: Actor;
  reason: string;
}
export interface ResumeClockSignal extends SignalBase {
  actor?: Actor;
}
export interface ExtendClockSignal extends SignalBase {
  actor?: Actor;
  by: string;
  reason?: string;
}
export interface WithdrawSignal extends SignalBase {
  actor?: Actor;
  reason?: string;
}
export interface ReopenSignal extends SignalBase {
  actor?: Actor;
  reason?: string;
}
/** Staff cancel the case (e.g. a duplicate or a request made in error), where the definition allows it. */
export interface CancelCaseSignal extends SignalBase {
  actor: Actor;
  comment?: string;
}
export interface RetryAutomatedSignal extends SignalBase {
  actor: Actor;
  step: string;
}

export const staffActionSignal = defineSignal<[StaffActionSignal]>('staffAction');
export const claimTaskSignal = defineSignal<[ClaimTaskSignal]>('claimTask');
export const assignTaskSignal = defineSignal<[AssignTaskSignal]>('assignTask');
export const releaseTaskSignal = defineSignal<[ReleaseTaskSignal]>('releaseTask');
export const commentSignal = defineSignal<[CommentSignal]>('addComment');
export const documentAttachedSignal = defineSignal<[DocumentAttachedSignal]>('documentAttached');
export const externalEventSignal = defineSignal<[ExternalEventSignal]>('externalEvent');
export const pauseClockSignal = defineSignal<[PauseClockSignal]>('pauseClock');
export const resumeClockSignal = defineSignal<[ResumeClockSignal]>('resumeClock');
export const extendClockSignal = defineSignal<[ExtendClockSignal]>('extendClock');
export const withdrawSignal = defineSignal<[WithdrawSignal]>('withdrawCase');
export const reopenSignal = defineSignal<[ReopenSignal]>('reopenCase');
export const cancelCaseSignal = defineSignal<[CancelCaseSignal]>('cancelCase');
export const retryAutomatedSignal = defineSignal<[RetryAutomatedSignal]>('retryAutomatedStep');

/** Every signal's payload by signal name: the body of the submitEvent update. */
export interface CaseSignalPayloads {
  staffAction: StaffActionSignal;
  claimTask: ClaimTaskSignal;
  assignTask: AssignTaskSignal;
  releaseTask: ReleaseTaskSignal;
  addComment: CommentSignal;
  documentAttached: DocumentAttachedSignal;
  externalEvent: ExternalEventSignal;
  pauseClock: PauseClockSignal;
  resumeClock: ResumeClockSignal;
  extendClock: ExtendClockSignal;
  withdrawCase: WithdrawSignal;
  reopenCase: ReopenSignal;
  cancelCase: CancelCaseSignal;
  retryAutomatedStep: RetryAutomatedSignal;
}

export type CaseEventRequest = {
  [K in keyof CaseSignalPayloads]: { signal: K; payload: CaseSignalPayloads[K] };
}[keyof CaseSignalPayloads];

// ---------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------

/** The outcome of one signalled event, kept under its event id. */
export type EventOutcome =
  | { eventId: string; status: 'pending' }
  | { eventId: string; status: 'accepted'; sequence: number; at: string }
  | { eventId: string; status: 'rejected'; code: RejectionCode; reason: string; at: string }
  /** Nothing to do (e.g. a duplicate); the case is unchanged. */
  | { eventId: string; status: 'ignored'; reason: string; at: string };

export interface CaseStepView {
  stepId: string;
  title: string;
  type: string;
  token: string;
  enteredAt: string;
  role?: string;
  department?: string;
  assignee?: string;
  priority?: Priority;
  slaDueAt?: string;
  warned?: boolean;
  escalationLevel?: number;
  timeoutAt?: string;
  incident?: string;
}

/** The case as the API shows it (the same snapshot is projected into the read model). */
export interface CaseSummary {
  caseId: string;
  definition: { id: string; version: string; hash: string };
  lifecycle: 'open' | 'closed';
  status?: string;
  statusLabel?: string;
  priority: Priority;
  data: Record<string, JsonValue>;
  steps: CaseStepView[];
  statutoryClock?: {
    dueAt: string;
    paused: boolean;
    pauseReason?: string;
    extensions: number;
    warned: boolean;
    breached: boolean;
    stoppedAt?: string;
    metDeadline?: boolean;
  };
  outcome?: { id: string; label: string; retention: string; at: string };
  reopenUntil?: string;
  createdAt: string;
  updatedAt: string;
  sequence: number;
  /** Events queued or side effects (audit, projection, notices, automated actions) still in flight. */
  busy: boolean;
}

export const caseSummaryQuery = defineQuery<CaseSummary>('caseSummary');
/** The full interpreter state (for diagnostics and tests). */
export const caseStateQuery = defineQuery<CaseState>('caseState');
export const availableActionsQuery = defineQuery<(AvailableAction | AvailableClaim)[], [Actor]>('availableActions');
/** Undefined-free: an unknown event id answers `{ status: 'unknown' }`. */
export const eventOutcomeQuery = defineQuery<EventOutcome | { eventId: string; status: 'unknown' }, [string]>(
  'eventOutcome',
);

/**
 * The synchronous alternative to signal-then-poll: applies one event (same payloads as the signals)
 * and returns its outcome once decided and, for new runs, once its audit entries and projection are
 * written (so a read right after sees it). A repeated event id returns the first outcome.
 */
export const submitEventUpdate = defineUpdate<Exclude<EventOutcome, { status: 'pending' }>, [CaseEventRequest]>(
  'submitEvent',
);

/**
 * Answers once the case's first step is recorded (its audit entries and the read-model row written):
 * sent with the start (update-with-start), it tells the API the case can be read, without polling.
 */
export const caseStartedUpdate = defineUpdate<{ caseId: string; sequence: number }>('caseStarted');

// ---------------------------------------------------------------------------------------------------
// Internal: the queue entry the signal handlers append to (also carried across continue-as-new).
// ---------------------------------------------------------------------------------------------------

export interface QueuedEvent {
  eventId: string;
  source?: EventSource;
  event: CaseEvent;
}

// ---------------------------------------------------------------------------------------------------
// Migration to a newer definition version (the studio's "migrate running cases")
// ---------------------------------------------------------------------------------------------------

export interface MigrateCaseRequest {
  /** Idempotency: the same id answers the first result again. */
  eventId: string;
  /** The published version to move to; the case's own `migrations` map comes from it. */
  target: CompiledDefinition;
  actor: Actor;
  source?: EventSource;
}

export type MigrateCaseResult =
  | { status: 'migrated'; from: string; to: string; moves: StepMove[]; sequence: number }
  | { status: 'refused'; code: MigrationRefusalCode; reason: string; unmapped: UnmappedStep[] };

/** Moves the case to `target` (interpreter/migrate-case.ts) once nothing else is in flight. */
export const migrateCaseUpdate = defineUpdate<MigrateCaseResult, [MigrateCaseRequest]>('migrateCase');
