/**
 * One housekeeping run: removes abandoned wizard uploads and quiet throttle counters through the
 * `sweepAbandoned` activity. A schedule starts it (client/periodic-schedules.ts); a failed run is
 * simply done by the next one.
 */
import { proxyActivities } from '@temporalio/workflow';
import { ABANDONED_UPLOAD_HOURS, type HousekeepingActivities, type HousekeepingResult } from './periodic-contract';

const { sweepAbandoned } = proxyActivities<HousekeepingActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

export async function housekeepingWorkflow(
  uploadsOlderThanHours: number = ABANDONED_UPLOAD_HOURS,
): Promise<HousekeepingResult> {
  return sweepAbandoned({ uploadsOlderThanHours });
}
