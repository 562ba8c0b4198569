/**
 * Test-side observation of a case workflow through its queries: the outcome of a signalled event,
 * and the case once nothing is queued or in flight. The API does not poll (it uses the workflow's
 * updates); tests that drive a case by signals watch it with these.
 */
import type { WorkflowHandle } from '@temporalio/client';
import {
  caseSummaryQuery,
  eventOutcomeQuery,
  type CaseSummary,
  type EventOutcome,
} from '../../../workflows/case-contract';
import { waitFor } from '../../support/until';

/** The event's outcome once decided (accepted, rejected or ignored). */
export function waitForEventOutcome(
  handle: WorkflowHandle,
  eventId: string,
): Promise<Exclude<EventOutcome, { status: 'pending' }>> {
  return waitFor(
    `an outcome for event ${eventId}`,
    async () => {
      const outcome = await handle.query(eventOutcomeQuery, eventId);
      return outcome.status !== 'pending' && outcome.status !== 'unknown' ? outcome : undefined;
    },
    30_000,
    20,
  );
}

/** The case summary once nothing is queued or in flight (side effects written). */
export function waitUntilSettled(handle: WorkflowHandle, options: { timeoutMs?: number } = {}): Promise<CaseSummary> {
  return waitFor(
    `case ${handle.workflowId} to settle`,
    async () => {
      const summary = await handle.query(caseSummaryQuery);
      return summary.busy ? undefined : summary;
    },
    options.timeoutMs ?? 30_000,
    20,
  );
}
