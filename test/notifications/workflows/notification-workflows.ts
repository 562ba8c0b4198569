// A workflow that sends one notification through the activity, as the case workflow will.
import { proxyActivities } from '@temporalio/workflow';
import type { DeliverNotificationInput, DeliverNotificationResult, NotificationActivities } from '../../../activities/notification.activities';

const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '100 ms', backoffCoefficient: 1, maximumAttempts: 6 },
});

export async function notifyOnce(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
  return deliverNotification(input);
}
