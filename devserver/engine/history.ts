// Appending events to a run's history: ids on append, buffering while a workflow task is started,
// scheduling workflow tasks and closing runs.
import { encodedSize, type Pb } from '../protocol/proto-codec';
import { EventType, ExecutionStatus, TaskFailedCause, TaskQueueKind, TimeoutType, eventAttributesField } from './enums';
import { isRunning, type ExecutionRecord, type WorkflowTaskState } from './execution-record';
import type { Mutation } from './mutation';
import { duration, timestamp } from './time';
import { failOpenUpdates, redeliverSentUpdates } from './update-state';

/** Placeholder for "the id of the event appended just before this one" (activity started -> closed). */
export const PREVIOUS_EVENT_ID = -1;
/** Placeholder for "the id of the ChildWorkflowExecutionStarted event of the same initiated event". */
export const CHILD_STARTED_EVENT_ID = -2;

/**
 * The id of the child's started event in the run's history, or 0 while it is not there yet (still
 * buffered). Exact only while the child is pending: a run with a pending child never drops history.
 */
export function childStartedEventId(rec: ExecutionRecord, initiatedEventId: number): number {
  for (let i = rec.history.length - 1; i >= 0; i--) {
    const e = rec.history[i];
    if (e === undefined) break;
    if (
      e.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED &&
      e.childWorkflowExecutionStartedEventAttributes?.initiatedEventId === initiatedEventId
    ) {
      return e.eventId as number;
    }
  }
  return 0;
}

export function newEvent(now: number, eventType: number, attributes: Pb): Pb {
  return { eventType, eventTime: timestamp(now), [eventAttributesField(eventType)]: attributes };
}

/** Appends an event to history and assigns its id. */
export function appendEvent(rec: ExecutionRecord, m: Mutation, event: Pb): number {
  const eventId = rec.history.length + 1;
  event.eventId = eventId;
  const attrs = event[eventAttributesField(event.eventType)];
  if (attrs && attrs.startedEventId === PREVIOUS_EVENT_ID) attrs.startedEventId = eventId - 1;
  if (attrs && attrs.startedEventId === CHILD_STARTED_EVENT_ID)
    attrs.startedEventId = childStartedEventId(rec, attrs.initiatedEventId);
  rec.history.push(event);
  rec.historySizeBytes += encodedSize('temporal.api.history.v1.HistoryEvent', event);
  m.touch(rec);
  return eventId;
}

export function addEvent(rec: ExecutionRecord, m: Mutation, eventType: number, attributes: Pb): number {
  return appendEvent(rec, m, newEvent(m.now, eventType, attributes));
}

export const workflowTaskStarted = (rec: ExecutionRecord): boolean => (rec.workflowTask?.startedEventId ?? 0) > 0;

/**
 * Adds events that arrive from outside a workflow task (signals, timer fires, activity results):
 * buffered while a task is started, otherwise appended, and a workflow task is scheduled.
 * Returns the id of the first event, or 0 when buffered.
 */
export function addExternalEvents(rec: ExecutionRecord, m: Mutation, events: Pb[]): number {
  m.touch(rec);
  if (workflowTaskStarted(rec)) {
    rec.buffered.push(...events);
    return 0;
  }
  let first = 0;
  for (const e of events) {
    const id = appendEvent(rec, m, e);
    if (!first) first = id;
  }
  const wft = rec.workflowTask;
  if (wft && wft.transient) {
    // New events make a transient retry a normal task: its Scheduled event now goes into history.
    wft.transient = false;
    if (wft.backoffUntilMs) {
      wft.backoffUntilMs = 0;
      m.workflowTasks.add(rec);
    }
    wft.scheduledEventId = addScheduledEvent(rec, m, wft.attempt);
  }
  ensureWorkflowTask(rec, m);
  return first;
}

export function addExternalEvent(rec: ExecutionRecord, m: Mutation, eventType: number, attributes: Pb): number {
  return addExternalEvents(rec, m, [newEvent(m.now, eventType, attributes)]);
}

/** Moves buffered events into history; returns how many. */
export function flushBuffered(rec: ExecutionRecord, m: Mutation): number {
  const events = rec.buffered;
  if (events.length === 0) return 0;
  rec.buffered = [];
  for (const e of events) appendEvent(rec, m, e);
  return events.length;
}

function addScheduledEvent(rec: ExecutionRecord, m: Mutation, attempt: number): number {
  return addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
    taskQueue: { name: rec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    startToCloseTimeout: duration(rec.workflowTaskTimeoutMs),
    attempt,
  });
}

export function scheduleWorkflowTask(
  rec: ExecutionRecord,
  m: Mutation,
  attempt = 1,
  transient = false,
  delayMs = 0,
): void {
  const wft: WorkflowTaskState = {
    attempt,
    transient,
    scheduledEventId: 0,
    scheduledAtMs: m.now,
    startedEventId: 0,
    startedAtMs: 0,
    timeoutAtMs: 0,
    identity: '',
    requestId: '',
    backoffUntilMs: transient ? m.now + workflowTaskRetryDelayMs(attempt) : delayMs > 0 ? m.now + delayMs : 0,
  };
  if (wft.backoffUntilMs === m.now) wft.backoffUntilMs = 0;
  // A retry after a failure is never sticky: failures and timeouts clear the run's sticky queue.
  if (rec.sticky && !transient) {
    wft.stickyQueue = rec.sticky.queue;
    wft.stickyTimeoutAtMs = m.now + rec.sticky.scheduleToStartMs;
  }
  if (!transient) wft.scheduledEventId = addScheduledEvent(rec, m, attempt);
  rec.workflowTask = wft;
  m.touch(rec);
  if (!wft.backoffUntilMs) m.workflowTasks.add(rec);
}

/** Repeated failures of one task back off (attempt 2 at once, then 1 s, 2 s, ... up to 10 s). */
export function workflowTaskRetryDelayMs(attempt: number): number {
  return attempt < 3 ? 0 : Math.min(1000 * 2 ** (attempt - 3), 10_000);
}

/** A backed-off task becomes available to pollers. */
export function releaseWorkflowTaskBackoff(rec: ExecutionRecord, m: Mutation): void {
  const wft = rec.workflowTask;
  if (!wft || !wft.backoffUntilMs || wft.backoffUntilMs > m.now) return;
  wft.backoffUntilMs = 0;
  m.touch(rec);
  m.workflowTasks.add(rec);
}

export function ensureWorkflowTask(rec: ExecutionRecord, m: Mutation): void {
  if (isRunning(rec) && !rec.workflowTask) scheduleWorkflowTask(rec, m);
}

/** Writes the Scheduled/Started events of a transient task that is about to complete. */
export function materializeTransientTask(rec: ExecutionRecord, m: Mutation): void {
  const wft = rec.workflowTask;
  if (!wft || !wft.transient) return;
  wft.transient = false;
  appendEvent(rec, m, transientScheduledEvent(rec, wft));
  appendEvent(rec, m, transientStartedEvent(rec, wft));
}

export function transientScheduledEvent(rec: ExecutionRecord, wft: WorkflowTaskState): Pb {
  return newEvent(wft.scheduledAtMs, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
    taskQueue: { name: rec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    startToCloseTimeout: duration(rec.workflowTaskTimeoutMs),
    attempt: wft.attempt,
  });
}

export function transientStartedEvent(rec: ExecutionRecord, wft: WorkflowTaskState): Pb {
  return newEvent(wft.startedAtMs, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
    scheduledEventId: wft.scheduledEventId,
    identity: wft.identity,
    requestId: wft.requestId,
    historySizeBytes: rec.historySizeBytes,
  });
}

/**
 * Ends a started workflow task without completion (failure or timeout): attempt 1 writes the
 * failure event, later attempts stay transient. Buffered events are flushed and the next attempt
 * is scheduled (`resetAttempt`: as a normal first attempt).
 */
export function endStartedTaskUnsuccessfully(
  rec: ExecutionRecord,
  m: Mutation,
  closeEvent: (wft: WorkflowTaskState) => Pb | undefined,
  resetAttempt = false,
): void {
  const wft = rec.workflowTask;
  if (!wft) return;
  if (!wft.transient) {
    const e = closeEvent(wft);
    if (e) appendEvent(rec, m, e);
  }
  rec.workflowTask = null;
  // The worker may have lost the run (as on the real server, a failed task clears stickiness).
  rec.sticky = undefined;
  redeliverSentUpdates(rec);
  const flushed = flushBuffered(rec, m);
  m.touch(rec);
  if (!isRunning(rec)) return;
  // With nothing new to process, the retry is transient (its events stay out of history).
  if (resetAttempt) scheduleWorkflowTask(rec, m, 1, false);
  else scheduleWorkflowTask(rec, m, wft.attempt + 1, flushed === 0);
}

/**
 * Closes a run. `force` (terminate, timeout) first fails an in-flight workflow task and flushes
 * buffered events so they are not lost from history.
 */
export function closeRun(
  rec: ExecutionRecord,
  m: Mutation,
  status: number,
  eventType: number,
  attributes: Pb,
  force = false,
): number {
  const wft = rec.workflowTask;
  if (force && wft && wft.startedEventId > 0 && !wft.transient) {
    addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
    });
  }
  rec.workflowTask = null;
  flushBuffered(rec, m);
  const id = addEvent(rec, m, eventType, attributes);
  rec.status = status;
  rec.closeTimeMs = m.now;
  rec.timers = {};
  rec.activities = {};
  rec.runExpiresAtMs = 0;
  rec.executionExpiresAtMs = 0;
  failOpenUpdates(rec);
  m.closed.push(rec);
  return id;
}

/**
 * A task waiting on a sticky queue past its schedule-to-start timeout (the worker is gone or busy):
 * WorkflowTaskTimedOut(SCHEDULE_TO_START), stickiness cleared, and the same attempt scheduled again
 * on the normal queue, where it is delivered with full history.
 */
export function timeOutStickyWorkflowTask(rec: ExecutionRecord, m: Mutation): void {
  const wft = rec.workflowTask;
  if (!wft || wft.startedEventId > 0 || !wft.stickyQueue) return;
  rec.sticky = undefined;
  rec.workflowTask = null;
  if (!wft.transient) {
    addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: 0,
      timeoutType: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
  }
  scheduleWorkflowTask(rec, m, wft.attempt, wft.transient);
}

/** Moves a scheduled task off a sticky queue (ResetStickyTaskQueue, worker gone): stickiness is cleared. */
export function unstickWorkflowTask(rec: ExecutionRecord, m: Mutation): void {
  rec.sticky = undefined;
  const wft = rec.workflowTask;
  m.touch(rec);
  if (!wft || !wft.stickyQueue) return;
  wft.stickyQueue = undefined;
  wft.stickyTimeoutAtMs = undefined;
  if (wft.startedEventId === 0 && !wft.backoffUntilMs) m.workflowTasks.add(rec);
}

export const STATUS_BY_CLOSE_EVENT: Record<number, number> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]:
    ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};
