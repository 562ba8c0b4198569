/**
 * Process definitions: the YAML a program manager writes (`DefinitionDocument`, exactly what the JSON
 * Schema in process-definitions/schema/process-definition.schema.json accepts) and the compiled,
 * normalised runtime form the interpreter runs (`CompiledDefinition`, plain JSON so it can travel as
 * workflow input and be content-hashed).
 *
 * Notes for the interpreter:
 *  - Durations: one syntax, parsed by `parseDuration` in domain/durations.ts. Calendar (elapsed) time is
 *    ISO 8601 without years/months (`P3D`, `PT4H`, `P1DT12H`, `P2W`); working time is
 *    `N working days|hours|minutes`, counted in the calendar the SLA or clock names. In compiled form
 *    every duration is already a `DurationSpec` ({ basis: 'calendar', ms } | { basis: 'working', unit, amount }).
 *  - Expressions: compiled to `CompiledExpression` (source + a small JSON AST); evaluate them with
 *    `evaluateExpression` / `evaluateCondition` from domain/expressions.ts (pure, no eval, no jsep at run time).
 *  - Steps are a record keyed by id; every `next` is a step id, or `JOIN` ("$join") inside a parallel
 *    branch, which completes that branch.
 *  - SLA thresholds (`warning`, escalation `at`) are either a fraction of the due duration or a duration
 *    measured from step entry in the SLA's own basis; escalations never interrupt the step.
 *  - Every compiled reference has been resolved by the loader; the interpreter may trust them.
 */
import type { Calendar } from './calendar';
import type { DurationSpec } from './durations';
import type { CompiledExpression } from './expressions';

export type { DurationSpec } from './durations';
export type { CompiledExpression } from './expressions';

/** The marker for the format; bump when the language changes incompatibly. */
export const DEFINITION_FORMAT = 'civicflow/v1';
/** Target that ends a parallel branch. */
export const JOIN = '$join';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

import type { JsonValue } from './json';

export type { JsonValue };

// ---------------------------------------------------------------------------------------------------
// The document as written (YAML). Maps keyed by id everywhere, so ids are unique by construction.
// ---------------------------------------------------------------------------------------------------

export interface DefinitionDocument {
  format: typeof DEFINITION_FORMAT;
  /** kebab-case, e.g. "building-permit". */
  id: string;
  /** Semantic version "MAJOR.MINOR.PATCH"; a published version is immutable. */
  version: string;
  title: string;
  description?: string;
  /** Local date "YYYY-MM-DD" from which new cases use this version. */
  effectiveFrom: string;
  /** The role of the program manager who owns the process. */
  owner?: string;
  caseData: CaseDataDocument;
  departments: Record<string, DepartmentDocument>;
  roles: Record<string, RoleDocument>;
  /**
   * Calendars by id; the id comes from the key. As written, an entry may instead be
   * `{ $include: calendars/la-city.yaml }` (a shared file below the definition's folder); the loader
   * inlines it before checking and hashing, so this type shows the resolved form.
   */
  calendars?: Record<string, Omit<Calendar, 'id'>>;
  /** Calendar used when an SLA or the statutory clock names none. */
  defaultCalendar?: string;
  /** Resident-visible statuses. */
  statuses: Record<string, StatusDocument>;
  outcomes: Record<string, OutcomeDocument>;
  retentionClasses: Record<string, RetentionClassDocument>;
  /** Notification templates; `{{field}}` placeholders name case-data fields. */
  templates?: Record<string, TemplateDocument>;
  /** External events a wait step can receive (e.g. the applicant sends documents). */
  events?: Record<string, EventDocument>;
  statutoryClock?: StatutoryClockDocument;
  /** Withdrawal by the applicant at any time: ends the case with this outcome. */
  withdrawal?: { outcome: string; status?: string };
  /** Administrative closure by staff at any time (e.g. opened in error, duplicate): who may, and the outcome. */
  cancellation?: CancellationDocument;
  /** The resident portal: `public: true` offers the service to residents there, and makes its requests public in Open311 reads. */
  portal?: { public?: boolean };
  /** Translations of resident-facing text by language code; English (as written) is the fallback. */
  i18n?: Record<string, DefinitionTranslation>;
  defaultPriority?: Priority;
  start: string;
  steps: Record<string, StepDocument>;
  migrations?: MigrationDocument[];
  scenarios?: ScenarioDocument[];
}

/**
 * A JSON Schema (draft 2020-12 subset) for the case data: an object whose top-level properties are the
 * case's fields. A property may carry `personal: true` (personal data, masked unless a role needs it).
 */
export interface CaseDataDocument {
  type: 'object';
  properties: Record<string, CaseFieldSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface CaseFieldSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  personal?: boolean;
  enum?: JsonValue[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  required?: string[];
  default?: JsonValue;
  [keyword: string]: unknown;
}

export interface DepartmentDocument {
  title: string;
  description?: string;
  /** The role that supervises this department: the `supervisor` recipient of escalations. */
  supervisorRole?: string;
}

/** A shared calendar file, as written under `calendars:` (resolved by the loader). */
export interface CalendarIncludeDocument {
  $include: string;
}

export interface RoleDocument {
  title: string;
  department: string;
  /** Directory groups whose members hold the role. */
  groups?: string[];
  /** Personal-data fields this role may see unmasked; `true` for all. */
  seesPersonalData?: boolean | string[];
}

export interface CancellationDocument {
  /** Roles allowed to cancel a case. */
  roles: string[];
  outcome: string;
  status?: string;
  /** A reason must be given (default true). */
  requiresComment?: boolean;
}

export interface StatusDocument {
  /** Plain-language text shown to the resident. */
  label: string;
  description?: string;
  /** The applicant is informed when the case enters this status (ZGW "informeren"). */
  informApplicant?: boolean;
  /** Template used to inform the applicant; default is the platform's status template. */
  template?: string;
}

export interface OutcomeDocument {
  label: string;
  retention: string;
  /** Whether the decision can be appealed; the notice then states appeal rights. */
  appealable?: boolean;
  /** Resident-visible status the case ends in. */
  status?: string;
}

export interface RetentionClassDocument {
  /** ISO 8601 period, years allowed ("P7Y"), or "permanent". */
  keep: string;
  description?: string;
}

export interface TemplateDocument {
  channel?: 'email' | 'sms' | 'letter' | 'portal';
  subject?: string;
  body: string;
}

export interface EventDocument {
  title?: string;
  /** Who sends it. */
  from: 'applicant' | 'external' | 'staff';
  /** Case fields the event's payload may set. */
  fields?: string[];
}

export interface StatutoryClockDocument {
  /** Legal limit from the clock start, e.g. "60 working days" or "P8W". */
  limit: string;
  /** First match wins; re-evaluated whenever case data changes (e.g. an expedited case). */
  variants?: { when: string; limit: string }[];
  calendar?: string;
  /** Starts at case creation (default) or on first entering a step. */
  startsAt?: 'created' | { step: string };
  /** Warning before the legal deadline: "80%" or a duration before the end. */
  warning?: string;
  pauseReasons: Record<string, { label: string; description?: string }>;
  extensions?: {
    maxCount: number;
    /** Longest single extension. */
    maxEach?: string;
    /** Cap on all extensions together. */
    maxTotal?: string;
    reasons?: Record<string, { label: string }>;
  };
}

/** "none" is an explicit statement that a step has no service-level target. */
export type SlaDocument = 'none' | SlaSpecDocument;

export interface SlaSpecDocument {
  due: string;
  /** First match wins, evaluated on step entry (e.g. SLA by category). */
  variants?: { when: string; due: string }[];
  calendar?: string;
  /** "75%" of due, or a duration from step entry. */
  warning?: string;
  escalations?: EscalationDocument[];
}

export interface EscalationDocument {
  /** "100%" (at breach), "150%", or a duration from step entry. Levels ascend. */
  at: string;
  notify?: string | string[];
  /** Role the task is reassigned to. */
  reassign?: string;
  raisePriority?: Priority;
  template?: string;
}

/**
 * A recipient: "applicant", "assignee", "role:<roleId>" or "supervisor" (the supervisor role of the
 * assignee's department, as the platform's directory knows it).
 */
export type RecipientText = string;

export type StepDocument =
  | HumanStepDocument
  | ChoiceStepDocument
  | ParallelStepDocument
  | WaitStepDocument
  | AutomatedStepDocument
  | EndStepDocument;

interface StepDocumentBase {
  title?: string;
  description?: string;
  /** Resident-visible status on entering this step. */
  status?: string;
  /** Pause the statutory clock while the case is on this step, with this reason. */
  pausesClock?: string;
}

export interface HumanStepDocument extends StepDocumentBase {
  type: 'human';
  role: string;
  /** Defaults to the role's department. */
  department?: string;
  /** Case fields shown on the task's form (editable by its actions). */
  form?: string[];
  actions: Record<string, ActionDocument>;
  /** Separation of duties: the actor must differ from whoever completed these steps. */
  notSameActorAs?: string | string[];
  /** Roles that may assign, reassign or release this task (default: staff of the task's department). */
  assigners?: string[];
  priority?: Priority;
  sla: SlaDocument;
}

export interface ActionDocument {
  label?: string;
  /** Fields that must hold a value after the action's form data is applied. */
  requires?: string[];
  /** Offered only when this expression is true. */
  when?: string;
  /** Literal values written to case data. */
  set?: Record<string, JsonValue>;
  /** Ask for a comment/reason (e.g. denial reasons). */
  requiresComment?: boolean;
  next: string;
}

export interface ChoiceStepDocument extends StepDocumentBase {
  type: 'choice';
  choices: { when: string; next: string }[];
  default: string;
}

export interface ParallelStepDocument extends StepDocumentBase {
  type: 'parallel';
  /** Branch id → first step of the branch; a branch completes when a step's next is "$join". */
  branches: Record<string, { start: string; title?: string }>;
  join: 'all' | 'any' | { quorum: number };
  next: string;
}

export interface WaitStepDocument extends StepDocumentBase {
  type: 'wait';
  /** Who follows up while the case waits: receives the SLA warning and is the `assignee`/`supervisor` of escalations. */
  role?: string;
  /** Defaults to the role's department. */
  department?: string;
  on: { event: string; next: string; when?: string }[];
  timeout?: { after: string; next: string; calendar?: string };
  sla: SlaDocument;
}

export interface AutomatedStepDocument extends StepDocumentBase {
  type: 'automated';
  /** Exactly one of notify / activity. */
  notify?: { template: string; to: RecipientText | RecipientText[] };
  /** Name of a registered activity, e.g. "fees.calculate". */
  activity?: string;
  /** With `activity: work-orders.send`: the department system (connections file) the work order goes to. */
  connection?: string;
  /** Fields passed to the activity. */
  input?: string[];
  /** Fields the activity may set. */
  output?: string[];
  retry?: { maxAttempts: number; initialInterval?: string; backoff?: number };
  next: string;
  /** Where to go once retries are exhausted; without it the case waits for staff (incident). */
  onFailure?: string;
}

export interface EndStepDocument extends StepDocumentBase {
  type: 'end';
  outcome: string;
  /** Overrides the outcome's retention class. */
  retention?: string;
  /** Notify the applicant of the decision (with appeal rights when the outcome is appealable). */
  notify?: { template: string; to?: RecipientText | RecipientText[] };
  /** The resident may reopen within this period; the case resumes at `next`. */
  reopen?: { within: string; next: string };
}

export interface MigrationDocument {
  /** Exact earlier version ("1.2.0") or "*" for any earlier version. */
  from: string;
  /** Old step id → step id in this version, for cases sitting on a step that no longer exists. */
  steps: Record<string, string>;
}

export interface ScenarioDocument {
  name: string;
  description?: string;
  /** Instant the case is created (ISO 8601 with offset), default "2026-01-05T09:00:00Z". */
  startAt?: string;
  data?: Record<string, JsonValue>;
  /** Actor id → roles they hold (and optionally a department). */
  actors?: Record<string, { roles: string[]; department?: string }>;
  /**
   * How registered activities behave in this scenario, by activity name: the output they return
   * (case fields, within the step's `output`) or `fail` (a reason: the step fails after its retries).
   * Unlisted activities succeed at once with no output.
   */
  activities?: Record<string, ScenarioActivityDocument>;
  steps: ScenarioStepDocument[];
  expect: ScenarioExpectDocument;
}

export interface ScenarioActivityDocument {
  output?: Record<string, JsonValue>;
  fail?: string;
}

/** `expectRejected: true` or a rejection code/reason text: the step must be refused, leaving the case unchanged. */
export type ExpectRejected = string | boolean;

export type ScenarioStepDocument =
  | {
      act: {
        step: string;
        action: string;
        by: string;
        data?: Record<string, JsonValue>;
        comment?: string;
        expectRejected?: ExpectRejected;
      };
    }
  | { advance: string }
  | { advanceTo: string }
  | { event: { type: string; data?: Record<string, JsonValue>; expectRejected?: ExpectRejected } }
  | { pauseClock: { reason: string; expectRejected?: ExpectRejected } }
  | { resumeClock: { expectRejected?: ExpectRejected } | null }
  | { extendClock: { by: string; reason?: string; expectRejected?: ExpectRejected } }
  | { withdraw: { expectRejected?: ExpectRejected } | null }
  | { reopen: { expectRejected?: ExpectRejected } | null }
  | { cancel: { by: string; comment?: string; expectRejected?: ExpectRejected } }
  | { expect: ScenarioCheckpointDocument };

export interface ScenarioCheckpointDocument {
  /** Steps the case is on (order free). */
  steps?: string[];
  status?: string;
  priority?: Priority;
  assignedRole?: string;
  /** Events that have occurred so far, in this order (others may occur in between). */
  events?: ScenarioEventDocument[];
  /** Events that have not occurred so far. */
  absent?: ScenarioEventDocument[];
}

export interface ScenarioExpectDocument {
  outcome?: string;
  /** The case is still open at the end of the scenario. */
  open?: boolean;
  status?: string;
  /** Events that must appear in this order (others may occur in between). */
  events?: ScenarioEventDocument[];
  /** Events that must not occur. */
  absent?: ScenarioEventDocument[];
}

/** Timeline events the interpreter emits (and scenarios may expect). */
export type TimelineEventType =
  | 'case-created'
  | 'step-entered'
  | 'step-completed'
  | 'action-taken'
  | 'action-rejected'
  | 'status-changed'
  | 'sla-warning'
  | 'sla-escalated'
  | 'sla-breached'
  | 'clock-started'
  | 'clock-paused'
  | 'clock-resumed'
  | 'clock-extended'
  | 'clock-warning'
  | 'clock-breached'
  | 'event-received'
  | 'timeout'
  | 'notification'
  | 'activity-run'
  | 'activity-failed'
  | 'branch-completed'
  | 'case-withdrawn'
  | 'case-cancelled'
  | 'case-reopened'
  | 'case-finished'
  | 'task-claimed'
  | 'task-assigned'
  | 'task-released'
  | 'task-reassigned'
  | 'priority-raised'
  | 'comment-added'
  | 'document-attached'
  | 'clock-recomputed'
  | 'choice-evaluated';

export const TIMELINE_EVENT_TYPES: readonly TimelineEventType[] = [
  'case-created',
  'step-entered',
  'step-completed',
  'action-taken',
  'action-rejected',
  'status-changed',
  'sla-warning',
  'sla-escalated',
  'sla-breached',
  'clock-started',
  'clock-paused',
  'clock-resumed',
  'clock-extended',
  'clock-warning',
  'clock-breached',
  'event-received',
  'timeout',
  'notification',
  'activity-run',
  'activity-failed',
  'branch-completed',
  'case-withdrawn',
  'case-cancelled',
  'case-reopened',
  'case-finished',
  'task-claimed',
  'task-assigned',
  'task-released',
  'task-reassigned',
  'priority-raised',
  'comment-added',
  'document-attached',
  'clock-recomputed',
  'choice-evaluated',
];

export interface ScenarioEventDocument {
  type: TimelineEventType;
  step?: string;
  /** Escalation level (1-based) for sla-escalated. */
  level?: number;
  /** Template for notification. */
  template?: string;
  /** The instant it must have happened at (ISO 8601 with offset), e.g. an SLA warning after a holiday. */
  at?: string;
}

// ---------------------------------------------------------------------------------------------------
// Compiled runtime form: normalised, references resolved, durations parsed, expressions compiled.
// ---------------------------------------------------------------------------------------------------

export interface CompiledDefinition {
  readonly format: typeof DEFINITION_FORMAT;
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly effectiveFrom: string;
  /** sha256 (hex) of the canonical JSON of the compiled definition without this field. */
  readonly hash: string;
  readonly caseData: {
    /** The JSON Schema as written (with `personal` tags), for validating case data at the edge. */
    readonly schema: CaseDataDocument;
    readonly fields: readonly string[];
    readonly personalFields: readonly string[];
    readonly required: readonly string[];
  };
  readonly departments: Readonly<
    Record<string, { readonly id: string; readonly title: string; readonly supervisorRole?: string }>
  >;
  readonly roles: Readonly<Record<string, CompiledRole>>;
  readonly calendars: Readonly<Record<string, Calendar>>;
  readonly defaultCalendar?: string;
  readonly statuses: Readonly<Record<string, CompiledStatus>>;
  readonly outcomes: Readonly<Record<string, CompiledOutcome>>;
  readonly retentionClasses: Readonly<Record<string, { readonly id: string; readonly keep: string }>>;
  readonly templates: Readonly<Record<string, CompiledTemplate>>;
  readonly events: Readonly<Record<string, CompiledEvent>>;
  readonly statutoryClock?: CompiledStatutoryClock;
  readonly withdrawal?: { readonly outcome: string; readonly status?: string };
  readonly cancellation?: {
    readonly roles: readonly string[];
    readonly outcome: string;
    readonly status?: string;
    readonly requiresComment: boolean;
  };
  /** Present only when the definition writes a `portal` block (keeps older definitions' hashes). */
  readonly portal?: { readonly public: boolean };
  readonly i18n?: Readonly<Record<string, DefinitionTranslation>>;
  readonly defaultPriority: Priority;
  readonly start: string;
  readonly steps: Readonly<Record<string, CompiledStep>>;
  /** For steps inside a parallel branch: the parallel step id and branch id. */
  readonly branchOf: Readonly<Record<string, { readonly parallel: string; readonly branch: string }>>;
  readonly migrations: readonly { readonly from: string; readonly steps: Readonly<Record<string, string>> }[];
  readonly scenarios: readonly ScenarioDocument[];
}

/** One language's translations of a definition's resident-facing text. */
export interface DefinitionTranslation {
  title?: string;
  description?: string;
  fields?: Record<string, { title?: string; description?: string; choices?: Record<string, string> }>;
  statuses?: Record<string, string>;
  /** Notices to the applicant in this language, by template id (the same placeholders). */
  templates?: Record<string, { subject?: string; body: string }>;
}

export interface CompiledRole {
  readonly id: string;
  readonly title: string;
  readonly department: string;
  readonly groups: readonly string[];
  readonly seesPersonalData: boolean | readonly string[];
}

export interface CompiledStatus {
  readonly id: string;
  readonly label: string;
  readonly informApplicant: boolean;
  readonly template?: string;
}

export interface CompiledOutcome {
  readonly id: string;
  readonly label: string;
  readonly retention: string;
  readonly appealable: boolean;
  readonly status?: string;
}

export interface CompiledTemplate {
  readonly id: string;
  readonly channel: 'email' | 'sms' | 'letter' | 'portal';
  readonly subject?: string;
  readonly body: string;
  /** Field names used as `{{field}}` placeholders. */
  readonly placeholders: readonly string[];
}

export interface CompiledEvent {
  readonly id: string;
  readonly from: 'applicant' | 'external' | 'staff';
  readonly fields: readonly string[];
}

export interface CompiledStatutoryClock {
  readonly limit: DurationSpec;
  readonly variants: readonly { readonly when: CompiledExpression; readonly limit: DurationSpec }[];
  /** Resolved (defaults applied); absent only when all durations are calendar time. */
  readonly calendar?: string;
  readonly startsAt: { readonly kind: 'created' } | { readonly kind: 'step'; readonly step: string };
  readonly warning?: Threshold;
  readonly pauseReasons: Readonly<Record<string, { readonly id: string; readonly label: string }>>;
  readonly extensions: {
    readonly maxCount: number;
    readonly maxEach?: DurationSpec;
    readonly maxTotal?: DurationSpec;
    readonly reasons: readonly string[];
  };
}

/**
 * A point in an SLA or clock: a fraction of the due duration (0.75 for "75%") or a duration from the
 * start (step entry) in the same basis as the due duration.
 * For the statutory clock's warning, a duration means "this long before the deadline".
 */
export type Threshold =
  | { readonly kind: 'fraction'; readonly fraction: number; readonly source: string }
  | { readonly kind: 'duration'; readonly duration: DurationSpec };

export type CompiledSla = { readonly kind: 'none' } | CompiledSlaSpec;

export interface CompiledSlaSpec {
  readonly kind: 'sla';
  readonly due: DurationSpec;
  readonly variants: readonly { readonly when: CompiledExpression; readonly due: DurationSpec }[];
  readonly calendar?: string;
  readonly warning?: Threshold;
  readonly escalations: readonly CompiledEscalation[];
}

export interface CompiledEscalation {
  /** 1-based. */
  readonly level: number;
  readonly at: Threshold;
  readonly notify: readonly Recipient[];
  readonly reassign?: string;
  readonly raisePriority?: Priority;
  readonly template?: string;
}

export type Recipient =
  | { readonly kind: 'applicant' }
  | { readonly kind: 'assignee' }
  | { readonly kind: 'supervisor' }
  | { readonly kind: 'role'; readonly role: string };

export type CompiledStep =
  | CompiledHumanStep
  | CompiledChoiceStep
  | CompiledParallelStep
  | CompiledWaitStep
  | CompiledAutomatedStep
  | CompiledEndStep;

export type StepType = CompiledStep['type'];

interface CompiledStepBase {
  readonly id: string;
  readonly title: string;
  readonly status?: string;
  readonly pausesClock?: string;
}

export interface CompiledHumanStep extends CompiledStepBase {
  readonly type: 'human';
  readonly role: string;
  readonly department: string;
  readonly form: readonly string[];
  readonly actions: Readonly<Record<string, CompiledAction>>;
  readonly notSameActorAs: readonly string[];
  /** Empty: the default rule (staff holding a role of the task's department). */
  readonly assigners: readonly string[];
  readonly priority?: Priority;
  readonly sla: CompiledSla;
}

export interface CompiledAction {
  readonly id: string;
  readonly label: string;
  readonly requires: readonly string[];
  readonly when?: CompiledExpression;
  readonly set: Readonly<Record<string, JsonValue>>;
  readonly requiresComment: boolean;
  readonly next: string;
}

export interface CompiledChoiceStep extends CompiledStepBase {
  readonly type: 'choice';
  readonly choices: readonly { readonly when: CompiledExpression; readonly next: string }[];
  readonly default: string;
}

export type JoinRule =
  { readonly kind: 'all' } | { readonly kind: 'any' } | { readonly kind: 'quorum'; readonly quorum: number };

export interface CompiledParallelStep extends CompiledStepBase {
  readonly type: 'parallel';
  readonly branches: Readonly<Record<string, { readonly id: string; readonly start: string; readonly title: string }>>;
  readonly join: JoinRule;
  readonly next: string;
}

export interface CompiledWaitStep extends CompiledStepBase {
  readonly type: 'wait';
  /** Who follows up while the case waits (optional): SLA warnings and `assignee`/`supervisor` resolve to it. */
  readonly role?: string;
  readonly department?: string;
  readonly on: readonly { readonly event: string; readonly next: string; readonly when?: CompiledExpression }[];
  readonly timeout?: { readonly after: DurationSpec; readonly next: string; readonly calendar?: string };
  readonly sla: CompiledSla;
}

export interface CompiledAutomatedStep extends CompiledStepBase {
  readonly type: 'automated';
  readonly task:
    | { readonly kind: 'notify'; readonly template: string; readonly to: readonly Recipient[] }
    | {
        readonly kind: 'activity';
        readonly activity: string;
        readonly connection?: string;
        readonly input: readonly string[];
        readonly output: readonly string[];
      };
  readonly retry: { readonly maxAttempts: number; readonly initialInterval: DurationSpec; readonly backoff: number };
  readonly next: string;
  readonly onFailure?: string;
}

export interface CompiledEndStep extends CompiledStepBase {
  readonly type: 'end';
  readonly outcome: string;
  readonly retention: string;
  readonly notify?: { readonly template: string; readonly to: readonly Recipient[] };
  readonly reopen?: { readonly within: DurationSpec; readonly next: string };
}
