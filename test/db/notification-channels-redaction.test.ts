import {
  claimDueNotifications,
  claimNotification,
  enqueueNotification,
  getNotificationByKey,
  markNotificationFailed,
  markNotificationSent,
  redactNotificationPayload,
  type NotificationInput,
} from '../../db/repositories/notifications.repository';
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

const message = (key: string, extra: Partial<NotificationInput> = {}): NotificationInput => ({
  idempotencyKey: key,
  caseId: 'case-r',
  channel: 'email',
  recipient: 'resident@example.org',
  template: 'case-received',
  payload: { data: { trackingNumber: 'CF-2026-000001', verificationCode: 'K7P2QX', serviceName: 'pothole' } },
  ...extra,
});

describe('claiming due notifications by channel', () => {
  it('claims only the channels asked for and leaves the others pending', async () => {
    await enqueueNotification(t.db, message('ch-email-1'));
    await enqueueNotification(t.db, message('ch-sms-1', { channel: 'sms', recipient: '+15550100' }));
    await enqueueNotification(t.db, message('ch-email-2'));
    const later = new Date(Date.now() + 60_000);

    expect(await claimDueNotifications(t.db, 10, { now: later, channels: [] })).toEqual([]);
    const emails = await claimDueNotifications(t.db, 10, { now: later, leaseMs: 3_600_000, channels: ['email'] });
    expect(emails.map((n) => n.idempotencyKey).sort()).toEqual(['ch-email-1', 'ch-email-2']);
    expect(emails.every((n) => n.state === 'sending')).toBe(true);
    expect((await getNotificationByKey(t.db, 'ch-sms-1'))?.state).toBe('pending');

    const sms = await claimDueNotifications(t.db, 10, { now: later, leaseMs: 3_600_000, channels: ['sms', 'email'] });
    expect(sms.map((n) => n.idempotencyKey)).toEqual(['ch-sms-1']);
  });

  it('without a filter still claims every channel', async () => {
    await enqueueNotification(t.db, message('all-email'));
    await enqueueNotification(t.db, message('all-sms', { channel: 'sms', recipient: '+15550101' }));
    const claimed = await claimDueNotifications(t.db, 10, { now: new Date(Date.now() + 120_000) });
    expect(claimed.map((n) => n.idempotencyKey).sort()).toEqual(['all-email', 'all-sms']);
  });
});

describe('redactNotificationPayload', () => {
  it('keeps the secret while the message may still be rendered, removes it once sent', async () => {
    const { notification } = await enqueueNotification(t.db, message('redact-sent'));
    expect(await redactNotificationPayload(t.db, notification.id, ['verificationCode'])).toBe(false);
    expect((await getNotificationByKey(t.db, 'redact-sent'))?.payload).toMatchObject({
      data: { verificationCode: 'K7P2QX' },
    });

    const claimed = await claimNotification(t.db, 'redact-sent');
    expect(await redactNotificationPayload(t.db, claimed!.id, ['verificationCode'])).toBe(false);
    await markNotificationSent(t.db, claimed!.id, 'm-1');
    expect(await redactNotificationPayload(t.db, claimed!.id, ['verificationCode', 'notThere'])).toBe(true);
    const stored = await getNotificationByKey(t.db, 'redact-sent');
    expect(stored?.payload).toEqual({ data: { trackingNumber: 'CF-2026-000001', serviceName: 'pothole' } });
    expect(await redactNotificationPayload(t.db, claimed!.id, ['verificationCode'])).toBe(false);
  });

  it('redacts a failed message and a flat legacy payload too', async () => {
    const { notification } = await enqueueNotification(
      t.db,
      message('redact-failed', { payload: { verificationCode: 'AAAA11', level: 2 } }),
    );
    await claimNotification(t.db, 'redact-failed');
    await markNotificationFailed(t.db, notification.id, 'bad address', { permanent: true });
    expect(await redactNotificationPayload(t.db, notification.id, ['verificationCode'])).toBe(true);
    expect((await getNotificationByKey(t.db, 'redact-failed'))?.payload).toEqual({ level: 2 });
  });

  it('says NOTIFICATION_NOT_FOUND for an unknown id', async () => {
    await expect(redactNotificationPayload(t.db, 987654321, ['x'])).rejects.toMatchObject({
      code: 'NOTIFICATION_NOT_FOUND',
    });
  });
});
