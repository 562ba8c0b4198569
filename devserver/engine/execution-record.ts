// The complete state of one workflow run as a plain JSON-serializable record.
// No closures, Maps, class instances or timers: timers are re-derived from the due times stored here,
// long-poll waiters and in-flight RPCs live outside (see engine.ts). This is what ExecutionStore saves.
import type { Pb } from '../protocol/proto-codec';

export interface WorkflowTaskState {
  attempt: number;
  /** Attempts >= 2 after a failure or timeout: their Scheduled/Started events are not written to history. */
  transient: boolean;
  /** 0 while transient (the id is assigned when the task starts). */
  scheduledEventId: number;
  scheduledAtMs: number;
  /** 0 while only scheduled. */
  startedEventId: number;
  startedAtMs: number;
  /** Start-to-close deadline of a started task. */
  timeoutAtMs: number;
  identity: string;
  requestId: string;
  /** A retried task (attempt >= 3) waits until then before it is offered to pollers; 0 = ready. */
  backoffUntilMs: number;
  /** Scheduled on this worker's sticky queue (absent: the normal queue). */
  stickyQueue?: string;
  /** Schedule-to-start deadline on the sticky queue; then the task returns to the normal queue. */
  stickyTimeoutAtMs?: number;
}

/** RespondWorkflowTaskCompleted.stickyAttributes of the run's last completion (absent in older records). */
export interface StickyState {
  queue: string;
  scheduleToStartMs: number;
}

export type ActivityPhase = 'scheduled' | 'started' | 'backoff';

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  /** ActivityTaskScheduledEventAttributes with normalized timeouts and retry policy. */
  attributes: Pb;
  attempt: number;
  phase: ActivityPhase;
  firstScheduledAtMs: number;
  attemptScheduledAtMs: number;
  startedAtMs: number;
  startedIdentity: string;
  /** Due times (0 = none). */
  scheduleToCloseAtMs: number;
  scheduleToStartAtMs: number;
  startToCloseAtMs: number;
  heartbeatAtMs: number;
  backoffUntilMs: number;
  lastHeartbeatAtMs: number;
  heartbeatDetails?: Pb;
  lastFailure?: Pb;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
}

export interface TimerState {
  timerId: string;
  startedEventId: number;
  firesAtMs: number;
}

export interface ParentRef {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface ExecutionRecordSnapshot {
  /** Record format; bump on incompatible changes. */
  schema: 1;
  /** Increases by one with every save of this record; stores upsert on (namespace, workflowId, runId). */
  version: number;
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId: string;
  workflowType: string;
  taskQueue: string;
  /** WorkflowExecutionStatus enum value. */
  status: number;
  startTimeMs: number;
  closeTimeMs: number;
  requestIds: string[];
  memo?: Pb;
  searchAttributes?: Pb;
  parent?: ParentRef;
  workflowTaskTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  /** 0 = no deadline. */
  runExpiresAtMs: number;
  executionExpiresAtMs: number;
  /** Committed events; event id = index + 1. Append-only: an event never changes once here. */
  history: Pb[];
  historySizeBytes: number;
  /** Events that arrived while a workflow task was started; no ids yet. */
  buffered: Pb[];
  workflowTask: WorkflowTaskState | null;
  /** Started event id of the last completed workflow task (previousStartedEventId). */
  lastCompletedStartedEventId: number;
  /** The worker's sticky queue that caches this run; its next workflow tasks carry only new events. */
  sticky?: StickyState;
  timers: Record<string, TimerState>;
  /** Keyed by scheduled event id. */
  activities: Record<string, ActivityState>;
  cancelRequested: boolean;
  /** Run id of the next run after continue-as-new, once closed that way. */
  newExecutionRunId: string;
  /** Extension point for features kept in their own modules (children, updates, ...). */
  ext: Record<string, Pb>;
}

export type ExecutionRecord = ExecutionRecordSnapshot;

export const isRunning = (rec: ExecutionRecord): boolean => rec.status === 1;

export function runKey(namespace: string, workflowId: string, runId: string): string {
  return `${namespace}\u0000${workflowId}\u0000${runId}`;
}
export function workflowKey(namespace: string, workflowId: string): string {
  return `${namespace}\u0000${workflowId}`;
}
export const recordRunKey = (rec: ExecutionRecord): string => runKey(rec.namespace, rec.workflowId, rec.runId);
export const recordWorkflowKey = (rec: ExecutionRecord): string => workflowKey(rec.namespace, rec.workflowId);
