/**
 * A disposition batch as a durable run: the cases are disposed of one by one through an idempotent
 * activity, so a worker killed mid-batch resumes where it was and no case is disposed of twice.
 */
import { proxyActivities } from '@temporalio/workflow';
import type {
  DispositionActivities,
  DispositionBatchInput,
  DispositionBatchResult,
  DisposalResult,
} from './disposition-contract';

const records = proxyActivities<DispositionActivities>({
  startToCloseTimeout: '1 minute',
  // Disposal must happen eventually once approved: retry until it does (the activity is idempotent).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function dispositionWorkflow(input: DispositionBatchInput): Promise<DispositionBatchResult> {
  const results: Record<string, DisposalResult> = {};
  for (const caseId of input.caseIds) results[caseId] = await records.disposeCase({ batchId: input.batchId, caseId });
  await records.completeDispositionBatch({ batchId: input.batchId, results });
  return { batchId: input.batchId, results };
}
