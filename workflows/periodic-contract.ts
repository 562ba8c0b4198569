/**
 * Contract of CivicFlow's periodic workflows (run by schedules, see client/periodic-schedules.ts):
 * workflow type names and the activities they call, by type only. Client code may import it.
 */

/** Delivers notices left due in the outbox (their own activity gave up, or they were queued without a channel). */
export const OUTBOX_SWEEP_WORKFLOW_TYPE = 'outboxSweepWorkflow';

/** How many due notices one sweep claims. */
export const OUTBOX_SWEEP_BATCH = 100;

/** The notification activity the sweep calls (activities/notification.activities.ts). */
export interface OutboxSweepActivities {
  deliverDueNotifications(limit?: number): Promise<{ sent: number; failed: number }>;
}
