// Workflow retry policy: a failed (or timed-out) run with a retry policy starts a new run after a
// backoff, chained through newExecutionRunId like continue-as-new.
import type { Pb } from '../protocol/proto-codec';
import { ContinueAsNewInitiator, RetryState } from './enums';
import type { ExecutionRecord } from './execution-record';
import type { Mutation } from './mutation';
import { createRun } from './start-workflow';
import { durationMs } from './time';

export type WorkflowRetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: number };

export function decideWorkflowRetry(rec: ExecutionRecord, failure: Pb | undefined, now: number): WorkflowRetryDecision {
  const policy = rec.ext.retryPolicy as Pb | undefined;
  if (!policy) return { retry: false, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  const info = failure?.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && ((policy.nonRetryableErrorTypes ?? []) as string[]).includes(info.type))) {
    return { retry: false, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  const attempt = (rec.ext.attempt?.value as number | undefined) ?? 1;
  const maximumAttempts: number = policy.maximumAttempts ?? 0;
  if (maximumAttempts > 0 && attempt >= maximumAttempts)
    return { retry: false, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  const initial = durationMs(policy.initialInterval) || 1000;
  const coefficient: number =
    policy.backoffCoefficient && policy.backoffCoefficient >= 1 ? policy.backoffCoefficient : 2;
  const maximum = durationMs(policy.maximumInterval) || initial * 100;
  let delayMs = Math.min(initial * Math.pow(coefficient, attempt - 1), maximum);
  const explicit = durationMs(info?.nextRetryDelay);
  if (explicit) delayMs = explicit;
  if (rec.executionExpiresAtMs && now + delayMs >= rec.executionExpiresAtMs)
    return { retry: false, retryState: RetryState.RETRY_STATE_TIMEOUT };
  return { retry: true, delayMs };
}

/** Starts the retry run of `rec` (call before closing `rec`; returns the new run id). */
export function startRetryRun(
  rec: ExecutionRecord,
  m: Mutation,
  newRunId: string,
  failure: Pb | undefined,
  delayMs: number,
): string {
  const started = rec.history[0]?.workflowExecutionStartedEventAttributes ?? {};
  createRun(
    {
      namespace: rec.namespace,
      workflowId: rec.workflowId,
      runId: newRunId,
      workflowType: rec.workflowType,
      taskQueue: rec.taskQueue,
      input: started.input,
      header: started.header,
      memo: rec.memo,
      searchAttributes: rec.searchAttributes,
      retryPolicy: rec.ext.retryPolicy,
      workflowTaskTimeoutMs: rec.workflowTaskTimeoutMs,
      runTimeoutMs: rec.runTimeoutMs,
      executionTimeoutMs: rec.executionTimeoutMs,
      executionExpiresAtMs: rec.executionExpiresAtMs,
      firstExecutionRunId: rec.firstExecutionRunId,
      continuedExecutionRunId: rec.runId,
      initiator: ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
      continuedFailure: failure,
      attempt: ((rec.ext.attempt?.value as number | undefined) ?? 1) + 1,
      parent: rec.parent,
      firstTaskDelayMs: delayMs,
    },
    m,
  );
  return newRunId;
}
