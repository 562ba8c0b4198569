/**
 * The disposition workflow's contract: one run per approved batch (workflow id
 * `disposition-<batchId>`), on the case task queue. Types only, plus the names clients need, so the
 * API can start it and the activities can implement it without importing workflow code.
 */

export const DISPOSITION_WORKFLOW_TYPE = 'dispositionWorkflow';

export function dispositionWorkflowId(batchId: string): string {
  return `disposition-${batchId}`;
}

export interface DispositionBatchInput {
  batchId: string;
  /** The cases the records officer approved, in the order they are disposed of. */
  caseIds: string[];
}

export type DisposalResult = 'disposed' | 'already-disposed' | 'held' | 'not-due';

export interface DispositionBatchResult {
  batchId: string;
  results: Record<string, DisposalResult>;
}

/** The activities the disposition workflow calls; activities/disposition.activities.ts implements them. */
export interface DispositionActivities {
  /** Disposes of one case, idempotently: a repeat (after a crash) finds the tombstone and changes nothing. */
  disposeCase(input: { batchId: string; caseId: string }): Promise<DisposalResult>;
  completeDispositionBatch(input: DispositionBatchResult): Promise<void>;
}
