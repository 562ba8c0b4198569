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

/** Clears what residents and guessers leave behind: abandoned wizard uploads and quiet throttle counters. */
export const HOUSEKEEPING_WORKFLOW_TYPE = 'housekeepingWorkflow';

/** A wizard upload whose request is not sent within this long is abandoned (the wizard is one sitting). */
export const ABANDONED_UPLOAD_HOURS = 24;

export interface HousekeepingResult {
  uploadsRemoved: number;
  throttleCountersRemoved: number;
}

/** The activity the housekeeping workflow calls (activities/housekeeping.activities.ts). */
export interface HousekeepingActivities {
  sweepAbandoned(input: { uploadsOlderThanHours: number }): Promise<HousekeepingResult>;
}
