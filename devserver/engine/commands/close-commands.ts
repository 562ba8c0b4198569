// Commands that close the run: complete, fail, cancel, continue-as-new.
import { ContinueAsNewInitiator, CommandType, EventType, ExecutionStatus, RetryState, TaskFailedCause } from '../enums';
import { closeRun } from '../history';
import { createRun, normalizeWorkflowTimeouts } from '../start-workflow';
import { decideWorkflowRetry, startRetryRun } from '../workflow-retry';
import { duration } from '../time';
import type { CommandHandler } from './command-handler';

export const completeWorkflowCommand: CommandHandler = {
  attributesField: 'completeWorkflowExecutionCommandAttributes',
  closes: true,
  validate: () => undefined,
  apply({ rec, m, completedEventId }, attrs) {
    closeRun(
      rec,
      m,
      ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      {
        result: attrs?.result,
        workflowTaskCompletedEventId: completedEventId,
      },
    );
    return false;
  },
};

export const failWorkflowCommand: CommandHandler = {
  attributesField: 'failWorkflowExecutionCommandAttributes',
  closes: true,
  validate: (attrs) =>
    attrs?.failure
      ? undefined
      : {
          cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
          message: 'Failure is not set on command.',
        },
  apply({ rec, m, completedEventId, services }, attrs) {
    const decision = decideWorkflowRetry(rec, attrs.failure, m.now);
    const retry = decision.retry;
    // The retry run is created first: closeRun clears the deadlines it inherits.
    const newExecutionRunId = retry
      ? startRetryRun(rec, m, services.newRunId(), attrs.failure, decision.delayMs)
      : undefined;
    closeRun(rec, m, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
      failure: attrs.failure,
      retryState: retry ? RetryState.RETRY_STATE_IN_PROGRESS : decision.retryState,
      workflowTaskCompletedEventId: completedEventId,
      newExecutionRunId,
    });
    if (newExecutionRunId) rec.newExecutionRunId = newExecutionRunId;
    return false;
  },
};

export const cancelWorkflowCommand: CommandHandler = {
  attributesField: 'cancelWorkflowExecutionCommandAttributes',
  closes: true,
  validate: () => undefined,
  apply({ rec, m, completedEventId }, attrs) {
    closeRun(
      rec,
      m,
      ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
      {
        details: attrs?.details,
        workflowTaskCompletedEventId: completedEventId,
      },
    );
    return false;
  },
};

export const continueAsNewCommand: CommandHandler = {
  attributesField: 'continueAsNewWorkflowExecutionCommandAttributes',
  closes: true,
  validate: (attrs) =>
    attrs
      ? undefined
      : {
          cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
          message: 'ContinueAsNew attributes are not set.',
        },
  apply({ rec, m, completedEventId, services }, attrs) {
    const newRunId = services.newRunId();
    const executionExpiresAtMs = rec.executionExpiresAtMs;
    const timeouts = normalizeWorkflowTimeouts(
      duration(rec.executionTimeoutMs),
      attrs.workflowRunTimeout ?? duration(rec.runTimeoutMs),
      attrs.workflowTaskTimeout ?? duration(rec.workflowTaskTimeoutMs),
    );
    const workflowType: string = attrs.workflowType?.name || rec.workflowType;
    const taskQueue: string = attrs.taskQueue?.name || rec.taskQueue;
    const initiator = attrs.initiator || ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW;
    closeRun(
      rec,
      m,
      ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
      {
        newExecutionRunId: newRunId,
        workflowType: { name: workflowType },
        taskQueue: { name: taskQueue, kind: 1 },
        input: attrs.input,
        workflowRunTimeout: duration(timeouts.runTimeoutMs),
        workflowTaskTimeout: duration(timeouts.workflowTaskTimeoutMs),
        workflowTaskCompletedEventId: completedEventId,
        initiator,
        header: attrs.header,
        memo: attrs.memo,
        searchAttributes: attrs.searchAttributes,
      },
    );
    rec.newExecutionRunId = newRunId;
    createRun(
      {
        namespace: rec.namespace,
        workflowId: rec.workflowId,
        runId: newRunId,
        workflowType,
        taskQueue,
        input: attrs.input,
        header: attrs.header,
        memo: attrs.memo ?? rec.memo,
        searchAttributes: attrs.searchAttributes ?? rec.searchAttributes,
        retryPolicy: attrs.retryPolicy ?? rec.ext.retryPolicy,
        ...timeouts,
        executionExpiresAtMs,
        firstExecutionRunId: rec.firstExecutionRunId,
        continuedExecutionRunId: rec.runId,
        initiator,
        lastCompletionResult: attrs.lastCompletionResult,
        continuedFailure: attrs.failure,
        parent: rec.parent,
      },
      m,
    );
    return false;
  },
};

export const CLOSE_COMMANDS = {
  [CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION]: completeWorkflowCommand,
  [CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION]: failWorkflowCommand,
  [CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION]: cancelWorkflowCommand,
  [CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION]: continueAsNewCommand,
};
