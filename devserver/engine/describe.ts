// Read models of a run: DescribeWorkflowExecution and the visibility WorkflowExecutionInfo.
import type { Pb } from '../protocol/proto-codec';
import { PendingActivityState, TaskQueueKind } from './enums';
import type { ExecutionRecord } from './execution-record';
import { duration, timestamp } from './time';

/** `historyLength` defaults to the live history; listings pass the saved length. */
export function executionInfo(rec: Readonly<ExecutionRecord>, historyLength = rec.history.length): Pb {
  return {
    execution: { workflowId: rec.workflowId, runId: rec.runId },
    type: { name: rec.workflowType },
    startTime: timestamp(rec.startTimeMs),
    closeTime: rec.closeTimeMs ? timestamp(rec.closeTimeMs) : undefined,
    status: rec.status,
    historyLength,
    parentExecution: rec.parent ? { workflowId: rec.parent.workflowId, runId: rec.parent.runId } : undefined,
    parentNamespaceId: rec.parent?.namespace,
    executionTime: timestamp(rec.startTimeMs),
    memo: rec.memo,
    searchAttributes: rec.searchAttributes,
    taskQueue: rec.taskQueue,
    historySizeBytes: rec.historySizeBytes,
    executionDuration: rec.closeTimeMs ? duration(rec.closeTimeMs - rec.startTimeMs) : undefined,
    firstRunId: rec.firstExecutionRunId,
  };
}

export function describeExecution(rec: ExecutionRecord): Pb {
  const wft = rec.workflowTask;
  return {
    executionConfig: {
      taskQueue: { name: rec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      workflowExecutionTimeout: duration(rec.executionTimeoutMs),
      workflowRunTimeout: duration(rec.runTimeoutMs),
      defaultWorkflowTaskTimeout: duration(rec.workflowTaskTimeoutMs),
    },
    workflowExecutionInfo: executionInfo(rec),
    pendingActivities: Object.values(rec.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      state: a.cancelRequested
        ? PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
        : a.phase === 'started'
          ? PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
          : PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
      heartbeatDetails: a.heartbeatDetails,
      lastHeartbeatTime: a.lastHeartbeatAtMs ? timestamp(a.lastHeartbeatAtMs) : undefined,
      lastStartedTime: a.startedAtMs ? timestamp(a.startedAtMs) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.attributes.retryPolicy?.maximumAttempts ?? 0,
      scheduledTime: timestamp(a.attemptScheduledAtMs),
      expirationTime: a.scheduleToCloseAtMs ? timestamp(a.scheduleToCloseAtMs) : undefined,
      lastFailure: a.lastFailure,
      lastWorkerIdentity: a.startedIdentity,
      nextAttemptScheduleTime: a.phase === 'backoff' ? timestamp(a.backoffUntilMs) : undefined,
    })),
    pendingWorkflowTask: wft
      ? {
          state: wft.startedEventId > 0 ? 2 : 1,
          scheduledTime: timestamp(wft.scheduledAtMs),
          originalScheduledTime: timestamp(wft.scheduledAtMs),
          startedTime: wft.startedEventId > 0 ? timestamp(wft.startedAtMs) : undefined,
          attempt: wft.attempt,
        }
      : undefined,
    pendingChildren: Object.values((rec.ext.children ?? {}) as Record<string, Pb>).map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId || undefined,
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    })),
  };
}
