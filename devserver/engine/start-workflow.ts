// Creating a new run: the WorkflowExecutionStarted event and the first workflow task.
import type { Pb } from '../protocol/proto-codec';
import { invalidArgument } from '../protocol/rpc-error';
import { ContinueAsNewInitiator, EventType, ExecutionStatus, TaskQueueKind } from './enums';
import type { ExecutionRecord, ParentRef } from './execution-record';
import { addEvent, scheduleWorkflowTask } from './history';
import type { Mutation } from './mutation';
import { duration, durationMs, timestamp } from './time';

const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;
const MAX_WORKFLOW_TASK_TIMEOUT_MS = 120_000;

export interface NewRunSpec {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  input?: Pb;
  header?: Pb;
  memo?: Pb;
  searchAttributes?: Pb;
  retryPolicy?: Pb;
  identity?: string;
  requestId?: string;
  workflowTaskTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  /** Absolute execution deadline carried over from earlier runs (continue-as-new), 0 = none. */
  executionExpiresAtMs?: number;
  firstExecutionRunId?: string;
  continuedExecutionRunId?: string;
  initiator?: number;
  continuedFailure?: Pb;
  lastCompletionResult?: Pb;
  attempt?: number;
  parent?: ParentRef;
  /** Delay before the first workflow task (start delay, workflow retry backoff). */
  firstTaskDelayMs?: number;
  /** Signal delivered together with the start (SignalWithStart). */
  signal?: { signalName: string; input?: Pb; header?: Pb; identity?: string };
  /** Extra events written right after WorkflowExecutionStarted, before the first task. */
}

/** Reads and validates the common fields of StartWorkflowExecution/SignalWithStart requests. */
export function runSpecFromStartRequest(req: Pb, runId: string): NewRunSpec {
  const workflowId: string = req.workflowId ?? '';
  const workflowType: string = req.workflowType?.name ?? '';
  const taskQueue: string = req.taskQueue?.name ?? '';
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!workflowType) throw invalidArgument('WorkflowType is not set on request.');
  if (!taskQueue) throw invalidArgument('TaskQueue is not set on request.');
  return {
    namespace: req.namespace || 'default',
    workflowId,
    runId,
    workflowType,
    taskQueue,
    input: req.input,
    header: req.header,
    memo: req.memo,
    searchAttributes: req.searchAttributes,
    retryPolicy: req.retryPolicy,
    identity: req.identity,
    requestId: req.requestId,
    firstTaskDelayMs: durationMs(req.workflowStartDelay),
    ...normalizeWorkflowTimeouts(req.workflowExecutionTimeout, req.workflowRunTimeout, req.workflowTaskTimeout),
  };
}

export function normalizeWorkflowTimeouts(execution: Pb | undefined, run: Pb | undefined, task: Pb | undefined) {
  const executionTimeoutMs = durationMs(execution);
  let runTimeoutMs = durationMs(run);
  if (!runTimeoutMs || (executionTimeoutMs && runTimeoutMs > executionTimeoutMs)) runTimeoutMs = executionTimeoutMs;
  let workflowTaskTimeoutMs = durationMs(task) || DEFAULT_WORKFLOW_TASK_TIMEOUT_MS;
  workflowTaskTimeoutMs = Math.min(workflowTaskTimeoutMs, MAX_WORKFLOW_TASK_TIMEOUT_MS);
  if (runTimeoutMs) workflowTaskTimeoutMs = Math.min(workflowTaskTimeoutMs, runTimeoutMs);
  return { executionTimeoutMs, runTimeoutMs, workflowTaskTimeoutMs };
}

/** Builds the record of a new run, writes its Started event (and signal) and schedules the first task. */
export function createRun(spec: NewRunSpec, m: Mutation): ExecutionRecord {
  const now = m.now;
  const executionExpiresAtMs =
    spec.executionExpiresAtMs || (spec.executionTimeoutMs ? now + spec.executionTimeoutMs : 0);
  let runExpiresAtMs = spec.runTimeoutMs ? now + spec.runTimeoutMs : 0;
  if (executionExpiresAtMs && (!runExpiresAtMs || runExpiresAtMs > executionExpiresAtMs))
    runExpiresAtMs = executionExpiresAtMs;
  const rec: ExecutionRecord = {
    schema: 1,
    version: 0,
    namespace: spec.namespace,
    workflowId: spec.workflowId,
    runId: spec.runId,
    firstExecutionRunId: spec.firstExecutionRunId ?? spec.runId,
    workflowType: spec.workflowType,
    taskQueue: spec.taskQueue,
    status: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    startTimeMs: now,
    closeTimeMs: 0,
    requestIds: spec.requestId ? [spec.requestId] : [],
    memo: spec.memo,
    searchAttributes: spec.searchAttributes,
    parent: spec.parent,
    workflowTaskTimeoutMs: spec.workflowTaskTimeoutMs,
    runTimeoutMs: spec.runTimeoutMs,
    executionTimeoutMs: spec.executionTimeoutMs,
    runExpiresAtMs,
    executionExpiresAtMs,
    history: [],
    historySizeBytes: 0,
    buffered: [],
    workflowTask: null,
    lastCompletedStartedEventId: 0,
    timers: {},
    activities: {},
    cancelRequested: false,
    newExecutionRunId: '',
    ext: {},
  };
  if (spec.retryPolicy) rec.ext.retryPolicy = spec.retryPolicy;
  m.created.push(rec);
  addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
    workflowType: { name: spec.workflowType },
    parentWorkflowNamespace: spec.parent?.namespace,
    parentWorkflowExecution: spec.parent ? { workflowId: spec.parent.workflowId, runId: spec.parent.runId } : undefined,
    parentInitiatedEventId: spec.parent?.initiatedEventId,
    taskQueue: { name: spec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    input: spec.input,
    workflowExecutionTimeout: duration(spec.executionTimeoutMs),
    workflowRunTimeout: duration(spec.runTimeoutMs),
    workflowTaskTimeout: duration(spec.workflowTaskTimeoutMs),
    continuedExecutionRunId: spec.continuedExecutionRunId,
    initiator: spec.initiator ?? ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_UNSPECIFIED,
    continuedFailure: spec.continuedFailure,
    lastCompletionResult: spec.lastCompletionResult,
    originalExecutionRunId: spec.runId,
    identity: spec.identity,
    firstExecutionRunId: rec.firstExecutionRunId,
    retryPolicy: spec.retryPolicy,
    attempt: spec.attempt ?? 1,
    workflowExecutionExpirationTime: executionExpiresAtMs ? timestamp(executionExpiresAtMs) : undefined,
    memo: spec.memo,
    searchAttributes: spec.searchAttributes,
    header: spec.header,
    workflowId: spec.workflowId,
    firstWorkflowTaskBackoff: spec.firstTaskDelayMs ? duration(spec.firstTaskDelayMs) : undefined,
  });
  rec.ext.attempt = { value: spec.attempt ?? 1 };
  if (spec.signal) {
    addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
      signalName: spec.signal.signalName,
      input: spec.signal.input,
      header: spec.signal.header,
      identity: spec.signal.identity,
    });
  }
  scheduleWorkflowTask(rec, m, 1, false, spec.firstTaskDelayMs ?? 0);
  return rec;
}
