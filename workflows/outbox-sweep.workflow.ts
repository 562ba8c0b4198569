/**
 * One outbox sweep: delivers up to a batch of due notices through the existing
 * `deliverDueNotifications` activity. A schedule starts it periodically (client/periodic-schedules.ts);
 * a failed sweep is simply retried by the next one, so the activity is tried a few times only.
 */
import { proxyActivities } from '@temporalio/workflow';
import { OUTBOX_SWEEP_BATCH, type OutboxSweepActivities } from './periodic-contract';

const { deliverDueNotifications } = proxyActivities<OutboxSweepActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

export async function outboxSweepWorkflow(
  batch: number = OUTBOX_SWEEP_BATCH,
): Promise<{ sent: number; failed: number }> {
  return deliverDueNotifications(batch);
}
