// Activity lifecycle: scheduling (timeouts and retry policy normalized like the real server),
// attempts, retries with backoff, timeouts, heartbeats, cancellation. Only the final attempt's
// Started event is written, together with the close event.
import type { Pb } from '../protocol/proto-codec';
import { EventType, RetryState, TimeoutType } from './enums';
import type { ActivityState, ExecutionRecord } from './execution-record';
import { addEvent, addExternalEvents, newEvent, PREVIOUS_EVENT_ID } from './history';
import type { Mutation } from './mutation';
import { duration, durationMs } from './time';

export function normalizeRetryPolicy(policy: Pb | undefined): Pb {
  const initialMs = durationMs(policy?.initialInterval) || 1000;
  const coefficient = policy?.backoffCoefficient && policy.backoffCoefficient >= 1 ? policy.backoffCoefficient : 2;
  const maximumMs = durationMs(policy?.maximumInterval) || initialMs * 100;
  return {
    initialInterval: duration(initialMs),
    backoffCoefficient: coefficient,
    maximumInterval: duration(maximumMs),
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
  };
}

/** Timeouts as the real server normalizes them; all present (0 = unlimited). */
export function normalizeActivityTimeouts(attrs: Pb, runTimeoutMs: number): Pb {
  let scheduleToClose = durationMs(attrs.scheduleToCloseTimeout);
  let startToClose = durationMs(attrs.startToCloseTimeout);
  let scheduleToStart = durationMs(attrs.scheduleToStartTimeout);
  let heartbeat = durationMs(attrs.heartbeatTimeout);
  if (runTimeoutMs && (!scheduleToClose || scheduleToClose > runTimeoutMs)) scheduleToClose = runTimeoutMs;
  if (!startToClose) startToClose = scheduleToClose;
  if (!scheduleToStart) scheduleToStart = scheduleToClose;
  if (scheduleToClose) {
    startToClose = Math.min(startToClose, scheduleToClose);
    scheduleToStart = Math.min(scheduleToStart, scheduleToClose);
  }
  if (startToClose && heartbeat > startToClose) heartbeat = startToClose;
  return {
    scheduleToCloseTimeout: duration(scheduleToClose),
    scheduleToStartTimeout: duration(scheduleToStart),
    startToCloseTimeout: duration(startToClose),
    heartbeatTimeout: duration(heartbeat),
  };
}

/** Validation of a ScheduleActivityTask command; returns an error message or undefined. */
export function validateScheduleActivity(attrs: Pb | undefined, pendingIds: Set<string>): string | undefined {
  if (!attrs) return 'ScheduleActivityTaskCommandAttributes is not set on command.';
  if (!attrs.activityId) return 'ActivityId is not set on command.';
  if (!attrs.activityType?.name) return 'ActivityType is not set on command.';
  if (!durationMs(attrs.startToCloseTimeout) && !durationMs(attrs.scheduleToCloseTimeout)) {
    return 'A valid StartToClose or ScheduleToCloseTimeout is not set on command.';
  }
  if (pendingIds.has(attrs.activityId)) return `Activity with id ${attrs.activityId} is already pending.`;
  pendingIds.add(attrs.activityId);
  return undefined;
}

export function scheduleActivity(rec: ExecutionRecord, m: Mutation, attrs: Pb, completedEventId: number): void {
  const taskQueue: string = attrs.taskQueue?.name || rec.taskQueue;
  const timeouts = normalizeActivityTimeouts(attrs, rec.runTimeoutMs);
  const eventAttrs: Pb = {
    activityId: attrs.activityId,
    activityType: attrs.activityType,
    taskQueue: { name: taskQueue, kind: 1 },
    header: attrs.header,
    input: attrs.input,
    ...timeouts,
    workflowTaskCompletedEventId: completedEventId,
    retryPolicy: normalizeRetryPolicy(attrs.retryPolicy),
    priority: attrs.priority,
  };
  const scheduledEventId = addEvent(rec, m, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, eventAttrs);
  const scheduleToClose = durationMs(timeouts.scheduleToCloseTimeout);
  const act: ActivityState = {
    scheduledEventId,
    activityId: attrs.activityId,
    activityType: attrs.activityType.name,
    taskQueue,
    attributes: eventAttrs,
    attempt: 1,
    phase: 'scheduled',
    firstScheduledAtMs: m.now,
    attemptScheduledAtMs: m.now,
    startedAtMs: 0,
    startedIdentity: '',
    scheduleToCloseAtMs: scheduleToClose ? m.now + scheduleToClose : 0,
    scheduleToStartAtMs: 0,
    startToCloseAtMs: 0,
    heartbeatAtMs: 0,
    backoffUntilMs: 0,
    lastHeartbeatAtMs: 0,
    cancelRequested: false,
    cancelRequestedEventId: 0,
  };
  readyAttempt(rec, m, act);
  rec.activities[scheduledEventId] = act;
}

function readyAttempt(rec: ExecutionRecord, m: Mutation, act: ActivityState): void {
  const scheduleToStart = durationMs(act.attributes.scheduleToStartTimeout);
  act.phase = 'scheduled';
  act.attemptScheduledAtMs = m.now;
  act.scheduleToStartAtMs = scheduleToStart ? m.now + scheduleToStart : 0;
  act.startToCloseAtMs = 0;
  act.heartbeatAtMs = 0;
  act.backoffUntilMs = 0;
  m.touch(rec);
  m.activityTasks.push({ rec, scheduledEventId: act.scheduledEventId });
}

/** Marks an attempt started and returns the PollActivityTaskQueue response fields (minus token). */
export function startActivityAttempt(rec: ExecutionRecord, m: Mutation, act: ActivityState, identity: string): void {
  const startToClose = durationMs(act.attributes.startToCloseTimeout);
  const heartbeat = durationMs(act.attributes.heartbeatTimeout);
  act.phase = 'started';
  act.startedAtMs = m.now;
  act.startedIdentity = identity;
  act.scheduleToStartAtMs = 0;
  act.startToCloseAtMs = startToClose ? m.now + startToClose : 0;
  act.heartbeatAtMs = heartbeat ? m.now + heartbeat : 0;
  m.touch(rec);
}

function startedEvent(m: Mutation, act: ActivityState): Pb {
  return newEvent(m.now, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, {
    scheduledEventId: act.scheduledEventId,
    identity: act.startedIdentity,
    requestId: `${act.scheduledEventId}-${act.attempt}`,
    attempt: act.attempt,
    lastFailure: act.lastFailure,
  });
}

/** Writes the final Started event (if the attempt started) plus the close event. */
function closeActivity(rec: ExecutionRecord, m: Mutation, act: ActivityState, eventType: number, attrs: Pb): void {
  delete rec.activities[act.scheduledEventId];
  const events: Pb[] = [];
  if (act.phase === 'started') {
    events.push(startedEvent(m, act));
    attrs.startedEventId = PREVIOUS_EVENT_ID;
  } else {
    attrs.startedEventId = 0;
  }
  attrs.scheduledEventId = act.scheduledEventId;
  events.push(newEvent(m.now, eventType, attrs));
  addExternalEvents(rec, m, events);
}

export function completeActivity(
  rec: ExecutionRecord,
  m: Mutation,
  act: ActivityState,
  result: Pb | undefined,
  identity: string,
): void {
  closeActivity(rec, m, act, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, { result, identity });
}

export function cancelStartedActivity(
  rec: ExecutionRecord,
  m: Mutation,
  act: ActivityState,
  details: Pb | undefined,
  identity: string,
): void {
  closeActivity(rec, m, act, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    details,
    latestCancelRequestedEventId: act.cancelRequestedEventId,
    identity,
  });
}

type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: number };

function decideRetry(act: ActivityState, failure: Pb, now: number, applicationFailure: boolean): RetryDecision {
  const policy = act.attributes.retryPolicy as Pb;
  const info = failure.applicationFailureInfo;
  if (applicationFailure) {
    if (info?.nonRetryable) return { retry: false, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    if (info?.type && (policy.nonRetryableErrorTypes as string[]).includes(info.type)) {
      return { retry: false, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    }
  }
  if (policy.maximumAttempts > 0 && act.attempt >= policy.maximumAttempts) {
    return { retry: false, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const initial = durationMs(policy.initialInterval);
  const maximum = durationMs(policy.maximumInterval);
  let delayMs = Math.min(initial * Math.pow(policy.backoffCoefficient, act.attempt - 1), maximum);
  const explicit = durationMs(info?.nextRetryDelay);
  if (applicationFailure && explicit) delayMs = explicit;
  if (act.scheduleToCloseAtMs && now + delayMs >= act.scheduleToCloseAtMs) {
    return { retry: false, retryState: RetryState.RETRY_STATE_TIMEOUT };
  }
  return { retry: true, delayMs };
}

function retryLater(rec: ExecutionRecord, m: Mutation, act: ActivityState, failure: Pb, delayMs: number): void {
  act.lastFailure = failure;
  act.attempt++;
  act.phase = 'backoff';
  act.backoffUntilMs = m.now + delayMs;
  act.scheduleToStartAtMs = 0;
  act.startToCloseAtMs = 0;
  act.heartbeatAtMs = 0;
  act.startedIdentity = '';
  m.touch(rec);
}

export function failActivity(
  rec: ExecutionRecord,
  m: Mutation,
  act: ActivityState,
  failure: Pb,
  identity: string,
  lastHeartbeatDetails?: Pb,
): void {
  if (lastHeartbeatDetails) act.heartbeatDetails = lastHeartbeatDetails;
  const decision = act.cancelRequested
    ? ({ retry: false, retryState: RetryState.RETRY_STATE_CANCEL_REQUESTED } as const)
    : decideRetry(act, failure, m.now, true);
  if (decision.retry) return retryLater(rec, m, act, failure, decision.delayMs);
  closeActivity(rec, m, act, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, {
    failure,
    identity,
    retryState: decision.retryState,
  });
}

const TIMEOUT_NAMES: Record<number, string> = {
  [TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE]: 'StartToClose',
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START]: 'ScheduleToStart',
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE]: 'ScheduleToClose',
  [TimeoutType.TIMEOUT_TYPE_HEARTBEAT]: 'Heartbeat',
};

function timeoutFailure(act: ActivityState, timeoutType: number): Pb {
  return {
    message: `activity ${TIMEOUT_NAMES[timeoutType]} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: act.heartbeatDetails },
    cause: timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE ? act.lastFailure : undefined,
  };
}

function timeOutActivity(rec: ExecutionRecord, m: Mutation, act: ActivityState, timeoutType: number): void {
  const failure = timeoutFailure(act, timeoutType);
  const retryable =
    timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
  const decision = retryable
    ? decideRetry(act, failure, m.now, false)
    : ({ retry: false, retryState: RetryState.RETRY_STATE_TIMEOUT } as const);
  if (decision.retry) return retryLater(rec, m, act, failure, decision.delayMs);
  closeActivity(rec, m, act, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, {
    failure,
    retryState: decision.retryState,
  });
}

/** Earliest due time of this activity's timers, 0 if none. */
export function activityDueMs(act: ActivityState): number {
  const candidates = [act.scheduleToCloseAtMs, act.backoffUntilMs];
  if (act.phase === 'scheduled') candidates.push(act.scheduleToStartAtMs);
  if (act.phase === 'started') candidates.push(act.startToCloseAtMs, act.heartbeatAtMs);
  return minPositive(candidates);
}

export function minPositive(values: number[]): number {
  let min = 0;
  for (const v of values) if (v > 0 && (min === 0 || v < min)) min = v;
  return min;
}

/** Applies every activity timeout and backoff that is due. */
export function processDueActivity(rec: ExecutionRecord, m: Mutation, act: ActivityState): void {
  const now = m.now;
  const due = (t: number): boolean => t > 0 && t <= now;
  if (due(act.scheduleToCloseAtMs)) return timeOutActivity(rec, m, act, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  if (act.phase === 'backoff' && due(act.backoffUntilMs)) return readyAttempt(rec, m, act);
  if (act.phase === 'scheduled' && due(act.scheduleToStartAtMs))
    return timeOutActivity(rec, m, act, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
  if (act.phase === 'started' && due(act.startToCloseAtMs))
    return timeOutActivity(rec, m, act, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  if (act.phase === 'started' && due(act.heartbeatAtMs))
    return timeOutActivity(rec, m, act, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
}

/**
 * After a restart: a started attempt stays started (its worker may have survived) until its persisted
 * start-to-close / heartbeat / schedule-to-close deadline; a scheduled one is offered again.
 */
export function recoverActivity(rec: ExecutionRecord, m: Mutation, act: ActivityState): void {
  // Without any deadline nothing would ever end an attempt whose worker died with the server.
  if (act.phase === 'started' && !activityDueMs(act))
    timeOutActivity(rec, m, act, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  else if (act.phase === 'scheduled') m.activityTasks.push({ rec, scheduledEventId: act.scheduledEventId });
}

export function recordHeartbeat(
  rec: ExecutionRecord,
  m: Mutation,
  act: ActivityState,
  details: Pb | undefined,
): boolean {
  if (details) act.heartbeatDetails = details;
  act.lastHeartbeatAtMs = m.now;
  const heartbeat = durationMs(act.attributes.heartbeatTimeout);
  if (heartbeat) act.heartbeatAtMs = m.now + heartbeat;
  m.touch(rec);
  return act.cancelRequested;
}

/** RequestCancelActivityTask: cancels at once unless an attempt is running. Returns true if a new task is needed. */
export function requestCancelActivity(
  rec: ExecutionRecord,
  m: Mutation,
  act: ActivityState,
  completedEventId: number,
): boolean {
  const requestedId = addEvent(rec, m, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, {
    scheduledEventId: act.scheduledEventId,
    workflowTaskCompletedEventId: completedEventId,
  });
  act.cancelRequested = true;
  act.cancelRequestedEventId = requestedId;
  if (act.phase === 'started') return false;
  delete rec.activities[act.scheduledEventId];
  addEvent(rec, m, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    latestCancelRequestedEventId: requestedId,
    scheduledEventId: act.scheduledEventId,
    startedEventId: 0,
  });
  return true;
}

export function findActivityById(rec: ExecutionRecord, activityId: string): ActivityState | undefined {
  return Object.values(rec.activities).find((a) => a.activityId === activityId);
}
