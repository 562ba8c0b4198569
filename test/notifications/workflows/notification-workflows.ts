// A workflow that sends one notification through the activity, as the case workflow will.
import { proxyActivities } from '@temporalio/workflow';
import type {
  DeliverNotificationInput,
  DeliverNotificationResult,
  NotificationActivities,
} from '../../../activities/notification.activities';

const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '100 ms', backoffCoefficient: 1, maximumAttempts: 6 },
});

export async function notifyOnce(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
  return deliverNotification(input);
}

const quick = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '4 seconds',
  retry: { initialInterval: '100 ms', backoffCoefficient: 1, maximumAttempts: 5 },
});

/** The same with a short start-to-close timeout, so a crashed worker's attempt is retried soon. */
export async function notifyQuickly(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
  return quick.deliverNotification(input);
}
