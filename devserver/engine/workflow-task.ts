// Workflow task lifecycle: start (poll response), completion with commands, failure, timeout.
import type { Pb } from '../protocol/proto-codec';
import { COMMAND_HANDLERS, type CommandRejection, type CommandScratch, type CommandServices } from './commands';
import { EventType, TaskFailedCause, TaskQueueKind, TimeoutType } from './enums';
import { isRunning, type ExecutionRecord, type StickyState } from './execution-record';
import {
  addEvent,
  endStartedTaskUnsuccessfully,
  flushBuffered,
  materializeTransientTask,
  newEvent,
  scheduleWorkflowTask,
  transientScheduledEvent,
  transientStartedEvent,
} from './history';
import { residentEvents } from './history-cache';
import type { Mutation } from './mutation';
import { applyProtocolMessage, hasUndeliveredUpdates, takeUpdateMessages } from './updates';
import { encodeTaskToken } from './task-token';
import { durationMs, timestamp } from './time';

export interface ContinueAsNewSuggestion {
  /** Suggest continue-as-new once history has this many events. */
  historyEvents: number;
  historyBytes: number;
}

/**
 * Whether a task taken from `stickyQueue` carries only the events after previousStartedEventId (a
 * sticky task that is not a retry after a failure) rather than the whole history.
 */
export function sendsPartialHistory(rec: ExecutionRecord, stickyQueue: string | undefined): boolean {
  return stickyQueue !== undefined && !rec.workflowTask?.transient;
}

/**
 * Starts the scheduled workflow task and builds the PollWorkflowTaskQueue response. Taken from the
 * sticky queue it was scheduled on (`stickyQueue`), it carries only the events after
 * previousStartedEventId, as Temporal sends them; the worker fetches full history if it no longer
 * caches the run. Taken from the normal queue, it carries full history and the run is no longer sticky.
 */
export function startWorkflowTask(
  rec: ExecutionRecord,
  m: Mutation,
  identity: string,
  requestId: string,
  suggestion: ContinueAsNewSuggestion,
  stickyQueue?: string,
): Pb | undefined {
  const wft = rec.workflowTask;
  if (!wft || wft.startedEventId > 0 || wft.backoffUntilMs > 0 || !isRunning(rec)) return undefined;
  if (stickyQueue !== undefined && wft.stickyQueue !== stickyQueue) return undefined;
  const partial = sendsPartialHistory(rec, stickyQueue);
  if (!partial && wft.stickyQueue) rec.sticky = undefined;
  wft.stickyQueue = undefined;
  wft.stickyTimeoutAtMs = undefined;
  const suggestContinueAsNew =
    rec.history.length >= suggestion.historyEvents || rec.historySizeBytes >= suggestion.historyBytes;
  wft.startedAtMs = m.now;
  wft.timeoutAtMs = m.now + rec.workflowTaskTimeoutMs;
  wft.identity = identity;
  wft.requestId = requestId;
  let events: Pb[];
  if (wft.transient) {
    wft.scheduledEventId = rec.history.length + 1;
    wft.startedEventId = rec.history.length + 2;
    const scheduled = transientScheduledEvent(rec, wft);
    scheduled.eventId = wft.scheduledEventId;
    const started = transientStartedEvent(rec, wft);
    started.eventId = wft.startedEventId;
    events = [...residentEvents(rec), scheduled, started];
  } else {
    wft.startedEventId = addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      scheduledEventId: wft.scheduledEventId,
      identity,
      requestId,
      suggestContinueAsNew,
      historySizeBytes: rec.historySizeBytes,
    });
    events = residentEvents(rec, partial ? rec.lastCompletedStartedEventId : 0);
  }
  m.touch(rec);
  const messages = takeUpdateMessages(rec, m, wft.startedEventId);
  return {
    messages: messages.length > 0 ? messages : undefined,
    taskToken: encodeTaskToken({
      kind: 'workflow',
      namespace: rec.namespace,
      workflowId: rec.workflowId,
      runId: rec.runId,
      scheduledEventId: wft.scheduledEventId,
      attempt: wft.attempt,
    }),
    workflowExecution: { workflowId: rec.workflowId, runId: rec.runId },
    workflowType: { name: rec.workflowType },
    previousStartedEventId: rec.lastCompletedStartedEventId,
    startedEventId: wft.startedEventId,
    attempt: wft.attempt,
    history: { events },
    workflowExecutionTaskQueue: { name: rec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: timestamp(wft.scheduledAtMs),
    startedTime: timestamp(wft.startedAtMs),
  };
}

/** Checks that a token names the started workflow task of a running run. */
export function isCurrentWorkflowTask(rec: ExecutionRecord, scheduledEventId: number, attempt: number): boolean {
  const wft = rec.workflowTask;
  return (
    !!wft &&
    isRunning(rec) &&
    wft.startedEventId > 0 &&
    wft.scheduledEventId === scheduledEventId &&
    wft.attempt === attempt
  );
}

export interface CompletionOutcome {
  /** The completion was turned into a workflow task failure (invalid command or unhandled command). */
  rejected?: CommandRejection;
}

const isCloseCommand = (c: Pb): boolean => !!COMMAND_HANDLERS[c.commandType]?.closes;

export function completeWorkflowTask(
  rec: ExecutionRecord,
  m: Mutation,
  req: Pb,
  services: CommandServices,
): CompletionOutcome {
  const wft = rec.workflowTask;
  if (!wft) return {};
  const commands: Pb[] = req.commands ?? [];
  const identity: string = req.identity ?? '';

  // A close command racing with events that arrived during the task: the workflow must see them first.
  if (rec.buffered.length > 0 && commands.some(isCloseCommand)) {
    const rejected = {
      cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      message: 'Workflow has unhandled events; the close command is rejected.',
    };
    failStartedWorkflowTask(rec, m, rejected.cause, { message: rejected.message }, identity, true);
    // The real server answers INVALID_ARGUMENT "UnhandledCommand": the core then evicts the run
    // (its cached state saw the close command succeed) and replays on the new task.
    return { rejected: { cause: rejected.cause, message: 'UnhandledCommand' } };
  }
  const rejection = validateCommands(rec, commands);
  if (rejection) {
    failStartedWorkflowTask(rec, m, rejection.cause, { message: rejection.message, source: 'Server' }, identity, false);
    return { rejected: rejection };
  }

  materializeTransientTask(rec, m);
  const completedEventId = addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
    scheduledEventId: wft.scheduledEventId,
    startedEventId: wft.startedEventId,
    identity,
    binaryChecksum: req.binaryChecksum,
    sdkMetadata: req.sdkMetadata,
    meteringMetadata: req.meteringMetadata,
    workerVersion: req.workerVersionStamp,
  });
  rec.lastCompletedStartedEventId = wft.startedEventId;
  rec.workflowTask = null;
  rec.sticky = stickyState(req.stickyAttributes);
  let newTaskNeeded = !!req.forceCreateNewWorkflowTask;
  const messages = new Map<string, Pb>(((req.messages ?? []) as Pb[]).map((msg) => [msg.id as string, msg]));
  for (const command of commands) {
    if (!isRunning(rec)) break;
    const handler = COMMAND_HANDLERS[command.commandType];
    if (handler.apply({ rec, m, completedEventId, services, messages }, command[handler.attributesField]))
      newTaskNeeded = true;
  }
  // Messages no command sequenced (e.g. rejections) apply after the commands.
  if (isRunning(rec)) for (const message of messages.values()) applyProtocolMessage(rec, m, message);
  if (!isRunning(rec)) return {};
  const flushed = flushBuffered(rec, m);
  if (flushed > 0 || newTaskNeeded || hasUndeliveredUpdates(rec)) scheduleWorkflowTask(rec, m);
  return {};
}

/** The worker's sticky queue from a completion; none when it sent no sticky attributes (no cache). */
function stickyState(attrs: Pb | undefined): StickyState | undefined {
  const queue: string | undefined = attrs?.workerTaskQueue?.name;
  if (!queue) return undefined;
  // Temporal's default when the worker sends none is 5 s; the TypeScript SDK sends 10 s.
  return { queue, scheduleToStartMs: durationMs(attrs?.scheduleToStartTimeout) || 5000 };
}

function validateCommands(rec: ExecutionRecord, commands: Pb[]): CommandRejection | undefined {
  const scratch: CommandScratch = {
    timerIds: new Set(Object.keys(rec.timers)),
    activityIds: new Set(Object.values(rec.activities).map((a) => a.activityId)),
  };
  let closed = false;
  for (const command of commands) {
    const handler = COMMAND_HANDLERS[command.commandType];
    if (!handler) {
      return {
        cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FEATURE_DISABLED,
        message: `Command type ${command.commandType} is not supported by this server.`,
      };
    }
    if (closed) {
      return {
        cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
        message: 'Commands follow a command that closes the workflow.',
      };
    }
    const rejection = handler.validate(command[handler.attributesField], scratch, rec);
    if (rejection) return rejection;
    if (handler.closes) closed = true;
  }
  return undefined;
}

/**
 * Fails the started task. An UNHANDLED_COMMAND failure is always written (new events follow it);
 * otherwise attempt 1 writes WorkflowTaskFailed and later attempts stay transient.
 */
export function failStartedWorkflowTask(
  rec: ExecutionRecord,
  m: Mutation,
  cause: number,
  failure: Pb | undefined,
  identity: string,
  alwaysWrite: boolean,
): void {
  const wft = rec.workflowTask;
  if (!wft) return;
  if (alwaysWrite) materializeTransientTask(rec, m);
  // With UNHANDLED_COMMAND new events are in history: the next task is a normal first attempt.
  endStartedTaskUnsuccessfully(
    rec,
    m,
    (t) =>
      newEvent(m.now, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
        scheduledEventId: t.scheduledEventId,
        startedEventId: t.startedEventId,
        cause,
        failure,
        identity,
      }),
    alwaysWrite,
  );
}

export function timeOutWorkflowTask(rec: ExecutionRecord, m: Mutation): void {
  endStartedTaskUnsuccessfully(rec, m, (t) =>
    newEvent(m.now, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
      scheduledEventId: t.scheduledEventId,
      startedEventId: t.startedEventId,
      timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    }),
  );
}
