/**
 * Client-side helpers for the case workflow: start a case pinned to a compiled definition (answered
 * once its first step is recorded), and submit an event and get its outcome, both through the
 * workflow's updates — no polling. The API uses these.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  isGrpcServiceError,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  CASE_TASK_QUEUE,
  CASE_WORKFLOW_TYPE,
  caseStartedUpdate,
  submitEventUpdate,
  type CaseEventRequest,
  type CaseWorkflowArgs,
  type CaseWorkflowInput,
  type CaseWorkflowResult,
  type EventOutcome,
} from '../workflows/case-contract';
import { caseWorkflowArgs } from './case-workflow-args';

export type CaseHandle = WorkflowHandle;

export class CaseClientError extends Error {
  constructor(
    readonly code: 'CASE_EXISTS' | 'OUTCOME_TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'CaseClientError';
  }
}

/**
 * Whether the client's connection can start workflows eagerly: only a NativeConnection shared with a
 * worker can (the SDK marks it with an internal symbol and refuses `requestEagerStart` otherwise).
 */
export function canStartEagerly(client: Client): boolean {
  const connection = client.connection as object;
  return Object.getOwnPropertySymbols(connection).some(
    (symbol) =>
      symbol.description === '__temporal_internal_connection_like' &&
      (connection as Record<symbol, { supportsEagerStart?: boolean } | undefined>)[symbol]?.supportsEagerStart === true,
  );
}

/**
 * Starts the case's workflow (workflow id = case id). Eagerly when the client shares the worker's
 * connection: the SDK then asks only if that worker polls the queue with a free slot, and the server
 * hands the first workflow task back in the start response; otherwise it is a normal start.
 */
export async function startCaseWorkflow(
  client: Client,
  input: CaseWorkflowInput,
  options: { taskQueue?: string; workflowTaskTimeout?: Duration; eager?: boolean } = {},
): Promise<CaseHandle> {
  try {
    return await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: input.caseId,
      taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
      args: [caseWorkflowArgs(input)],
      requestEagerStart: (options.eager ?? true) && canStartEagerly(client),
      ...(options.workflowTaskTimeout !== undefined ? { workflowTaskTimeout: options.workflowTaskTimeout } : {}),
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new CaseClientError('CASE_EXISTS', `case ${input.caseId} already has a workflow`);
    throw error;
  }
}

/**
 * Starts the case's workflow with the caseStarted update in the same request (update-with-start) and
 * answers once the first step is recorded (audit entries and read-model row written). A running
 * workflow of the same id is attached to (a retry answers the same); a closed one refuses (CASE_EXISTS).
 */
export async function startCaseRecorded(
  client: Client,
  input: CaseWorkflowInput,
  options: { taskQueue?: string; workflowTaskTimeout?: Duration } = {},
): Promise<{ sequence: number }> {
  const operation = new WithStartWorkflowOperation<(input: CaseWorkflowArgs) => Promise<CaseWorkflowResult>>(
    CASE_WORKFLOW_TYPE,
    {
      workflowId: input.caseId,
      taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
      args: [caseWorkflowArgs(input)],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...(options.workflowTaskTimeout !== undefined ? { workflowTaskTimeout: options.workflowTaskTimeout } : {}),
    },
  );
  try {
    return await client.workflow.executeUpdateWithStart(caseStartedUpdate, { startWorkflowOperation: operation });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new CaseClientError('CASE_EXISTS', `case ${input.caseId} already has a workflow`);
    throw error;
  }
}

/** Applies one event through the submitEvent update; answers its outcome once recorded. */
export function submitCaseEvent(
  handle: CaseHandle,
  request: CaseEventRequest,
): Promise<Exclude<EventOutcome, { status: 'pending' }>> {
  return handle.executeUpdate(submitEventUpdate, { args: [request] });
}

/** gRPC status codes of a call that ran out of its deadline or was cancelled. */
const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;

/** A call that ran out of its deadline (Client.withDeadline) or was cancelled, as opposed to one the server refused. */
export function isCallTimeout(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = isGrpcServiceError(error)
    ? error
    : error instanceof ServiceError && isGrpcServiceError(error.cause)
      ? error.cause
      : undefined;
  const code: number | undefined = grpc?.code;
  return code === DEADLINE_EXCEEDED || code === CANCELLED;
}
