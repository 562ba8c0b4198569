import {
  claimDueNotifications,
  claimNotification,
  enqueueNotification,
  getNotificationByKey,
  listCaseNotifications,
  markNotificationFailed,
  markNotificationSent,
  type NotificationInput,
} from '../../db/repositories/notifications.repository';
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

const message = (key: string, extra: Partial<NotificationInput> = {}): NotificationInput => ({
  idempotencyKey: key,
  caseId: 'case-n',
  channel: 'email',
  recipient: 'supervisor@example.org',
  template: 'sla-escalation-supervisor',
  payload: { level: 1, steps: ['review'] },
  ...extra,
});

describe('notifications outbox', () => {
  it('enqueues once per idempotency key', async () => {
    const first = await enqueueNotification(t.db, message('case-n:review:esc1'));
    const retry = await enqueueNotification(t.db, message('case-n:review:esc1', { recipient: 'other@example.org' }));
    expect(first.enqueued).toBe(true);
    expect(retry.enqueued).toBe(false);
    expect(retry.notification.id).toBe(first.notification.id);
    expect(retry.notification.recipient).toBe('supervisor@example.org');
    expect(first.notification.payload).toEqual({ level: 1, steps: ['review'] });
    await expect(enqueueNotification(t.db, message('bad', { channel: 'fax' as never }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('claims a message once, so a retried send activity never sends twice', async () => {
    await enqueueNotification(t.db, message('once'));
    const now = new Date();
    const claims = await Promise.all([
      claimNotification(t.db, 'once', { now }),
      claimNotification(t.db, 'once', { now }),
    ]);
    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    const claimed = claims.find((c) => c !== undefined)!;
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1 });
    await markNotificationSent(t.db, claimed.id, 'smtp-42');
    expect(await claimNotification(t.db, 'once', { now: new Date(now.getTime() + 3600_000) })).toBeUndefined();
    expect(await getNotificationByKey(t.db, 'once')).toMatchObject({ state: 'sent', providerMessageId: 'smtp-42' });
  });

  it('lets another sender take over after a crashed sender lease expires', async () => {
    await enqueueNotification(t.db, message('crash'));
    const now = new Date();
    const first = await claimNotification(t.db, 'crash', { now, leaseMs: 1000 });
    expect(first).toBeDefined();
    expect(await claimNotification(t.db, 'crash', { now: new Date(now.getTime() + 500) })).toBeUndefined();
    const second = await claimNotification(t.db, 'crash', { now: new Date(now.getTime() + 1500) });
    expect(second).toMatchObject({ attempts: 2 });
  });

  it('backs off after a failure and gives up after the last attempt or a permanent error', async () => {
    await enqueueNotification(t.db, message('flaky', { maxAttempts: 2, giveUpAt: null }));
    const now = new Date();
    const claimed = (await claimNotification(t.db, 'flaky', { now }))!;
    const failed = await markNotificationFailed(t.db, claimed.id, 'connection refused', { now });
    expect(failed.state).toBe('pending');
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await claimNotification(t.db, 'flaky', { now })).toBeUndefined();
    const again = (await claimNotification(t.db, 'flaky', { now: new Date(now.getTime() + 3600_000) }))!;
    expect(again.attempts).toBe(2);
    expect((await markNotificationFailed(t.db, again.id, 'still down')).state).toBe('failed');

    // With a give-up time, the message outlives its activity's attempts: only the sweep claims it.
    const giveUpAt = new Date(now.getTime() + 86_400_000);
    await enqueueNotification(t.db, message('patient', { maxAttempts: 1, giveUpAt, availableAt: now }));
    const first = (await claimNotification(t.db, 'patient', { now }))!;
    const handedOver = await markNotificationFailed(t.db, first.id, 'connection refused', { now, retryAt: now });
    expect(handedOver).toMatchObject({ state: 'pending', attempts: 1, giveUpAt });
    expect(handedOver.nextAttemptAt).toEqual(new Date(now.getTime() + 300_000));
    const late = new Date(giveUpAt.getTime() + 1);
    expect(await claimNotification(t.db, 'patient', { now: late })).toBeUndefined();
    const swept = (await claimDueNotifications(t.db, 500, { now: late })).find((n) => n.idempotencyKey === 'patient')!;
    expect(swept.attempts).toBe(2);
    expect((await markNotificationFailed(t.db, swept.id, 'still down', { now: late })).state).toBe('failed');

    await enqueueNotification(t.db, message('bounce'));
    const bounce = (await claimNotification(t.db, 'bounce'))!;
    expect((await markNotificationFailed(t.db, bounce.id, '550 no such user', { permanent: true })).state).toBe(
      'failed',
    );
    expect((await getNotificationByKey(t.db, 'bounce'))?.lastError).toBe('550 no such user');
  });

  it('hands due messages to concurrent delivery loops without overlap', async () => {
    for (let i = 0; i < 10; i += 1)
      await enqueueNotification(
        t.db,
        message(`batch-${i}`, { caseId: 'case-batch', channel: 'sms', recipient: '+15550100' }),
      );
    const future = new Date(Date.now() + 24 * 3600_000);
    const [a, b] = await Promise.all([
      claimDueNotifications(t.db, 6, { now: future }),
      claimDueNotifications(t.db, 6, { now: future }),
    ]);
    const ids = [...a, ...b].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const batchIds = (await listCaseNotifications(t.db, 'case-batch')).map((n) => n.id);
    expect(batchIds.every((id) => ids.includes(id))).toBe(true);
  });
});
