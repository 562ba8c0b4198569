/**
 * Client-side helpers for the case workflow: start a case pinned to a compiled definition, send an
 * event and learn its outcome (signal, then poll the eventOutcome query). The API uses these.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  CASE_TASK_QUEUE,
  CASE_WORKFLOW_TYPE,
  caseSummaryQuery,
  eventOutcomeQuery,
  type CaseSummary,
  type CaseWorkflowInput,
  type EventOutcome,
} from '../workflows/case-contract';

export type CaseHandle = WorkflowHandle;

export class CaseClientError extends Error {
  constructor(readonly code: 'CASE_EXISTS' | 'OUTCOME_TIMEOUT', message: string) {
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
    (symbol) => symbol.description === '__temporal_internal_connection_like' && (connection as Record<symbol, { supportsEagerStart?: boolean } | undefined>)[symbol]?.supportsEagerStart === true,
  );
}

/**
 * Starts the case's workflow (workflow id = case id). Eagerly when the client shares the worker's
 * connection: the SDK then asks only if that worker polls the queue with a free slot, and the server
 * hands the first workflow task back in the start response; otherwise it is a normal start.
 */
export async function startCaseWorkflow(client: Client, input: CaseWorkflowInput, options: { taskQueue?: string; workflowTaskTimeout?: Duration; eager?: boolean } = {}): Promise<CaseHandle> {
  try {
    return await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: input.caseId,
      taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
      args: [input],
      requestEagerStart: (options.eager ?? true) && canStartEagerly(client),
      ...(options.workflowTaskTimeout !== undefined ? { workflowTaskTimeout: options.workflowTaskTimeout } : {}),
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CaseClientError('CASE_EXISTS', `case ${input.caseId} already has a workflow`);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the eventOutcome query until the event is decided (accepted, rejected or ignored). */
export async function waitForEventOutcome(handle: CaseHandle, eventId: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<Exclude<EventOutcome, { status: 'pending' }>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const outcome = await handle.query(eventOutcomeQuery, eventId);
    if (outcome.status !== 'pending' && outcome.status !== 'unknown') return outcome;
    if (Date.now() > deadline) throw new CaseClientError('OUTCOME_TIMEOUT', `no outcome for event ${eventId} yet`);
    await sleep(options.intervalMs ?? 20);
  }
}

/** Polls the case summary until nothing is queued or in flight (side effects written). */
export async function waitUntilSettled(handle: CaseHandle, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<CaseSummary> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const summary = await handle.query(caseSummaryQuery);
    if (!summary.busy) return summary;
    if (Date.now() > deadline) throw new CaseClientError('OUTCOME_TIMEOUT', `case ${handle.workflowId} is still busy`);
    await sleep(options.intervalMs ?? 20);
  }
}
