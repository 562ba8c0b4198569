/**
 * Notices are never lost: the mail server is down while a notice is due, the sending activity's
 * attempts run out, the server comes back, and the outbox sweep delivers the notice exactly once.
 * A notice still undeliverable at its give-up time fails with an incident on its case. Real SMTP
 * server, real Postgres, an injected clock (time is skipped, never waited).
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  createNotificationActivities,
  type DeliverNotificationInput,
  type NotificationActivityDeps,
} from '../../activities/notification.activities';
import { listAuditEntries } from '../../db/repositories/audit.repository';
import { getNotificationByKey } from '../../db/repositories/notifications.repository';
import { createSmtpEmailSender, NOTIFICATION_ID_HEADER, type EmailSender } from '../../notifications';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';

const FROM = 'Springfield Permits <no-reply@springfield.example>';
const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestDatabase;
let smtp: SmtpTestServer | undefined;
let port: number;
let email: EmailSender;
let clock: Date;
let deps: NotificationActivityDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  const first = await startSmtpTestServer();
  port = first.port;
  await first.close();
  email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port, secure: false },
    from: FROM,
    connectionTimeoutMs: 2000,
  });
  deps = { db: t.db, email, agency: AGENCY, maxAttempts: 3, giveUpAfterMs: 2 * DAY, now: () => clock };
});
afterAll(async () => {
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error('expected the activity to fail');
}

function notice(key: string, caseId: string): DeliverNotificationInput {
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['case-received'];
  return {
    idempotencyKey: key,
    caseId,
    channel: 'email',
    recipient: 'resident@example.org',
    template: 'case-received',
    data,
  };
}

const mailsFor = (key: string) =>
  (smtp?.received ?? []).filter((r) => r.mail.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()) === key);
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

describe('the outbox sweep (deliverDueNotifications)', () => {
  it('delivers exactly once a notice whose activity retries ran out while the mail server was down', async () => {
    const t0 = new Date('2026-03-02T09:00:00Z');
    clock = t0;
    const activities = createNotificationActivities(deps);
    const input = notice('case-1:5:0:applicant', 'case-1');

    // The activity's three attempts (Temporal's retries) all find the server down.
    expect(await failureOf(activities.deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_UNAVAILABLE',
      nonRetryable: false,
    });
    clock = at(t0, 5_000);
    expect(await failureOf(activities.deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_UNAVAILABLE',
      nonRetryable: false,
    });
    clock = at(t0, 15_000);
    // The last one stops Temporal's retries but leaves the notice to the sweep, not failed.
    expect(await failureOf(activities.deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_UNAVAILABLE',
      nonRetryable: true,
    });
    const handedOver = await getNotificationByKey(t.db, input.idempotencyKey);
    expect(handedOver).toMatchObject({ state: 'pending', attempts: 3 });
    expect(handedOver!.giveUpAt).toEqual(at(t0, 2 * DAY));
    expect(handedOver!.nextAttemptAt).toEqual(at(t0, 15_000 + 5 * MINUTE));
    // A late retry of the activity sends nothing and says the sweep has it.
    expect(await failureOf(activities.deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_DEFERRED',
      nonRetryable: true,
    });

    // Not due yet: the sweep leaves it alone.
    clock = at(t0, 2 * MINUTE);
    expect(await activities.deliverDueNotifications(50)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    // Due, server still down: back-off doubles (10 min).
    clock = at(t0, 6 * MINUTE);
    expect(await activities.deliverDueNotifications(50)).toEqual({ sent: 0, failed: 1, gaveUp: 0 });
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({
      state: 'pending',
      attempts: 4,
      nextAttemptAt: at(t0, 16 * MINUTE),
    });

    // The server comes back on its address; the next sweep delivers the notice, once.
    smtp = await startSmtpTestServer({ port });
    clock = at(t0, 16 * MINUTE);
    expect(await activities.deliverDueNotifications(50)).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
    expect(mailsFor(input.idempotencyKey)[0].mail.text).toContain('Verification code: K7QP2MXA');
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({
      state: 'sent',
      attempts: 5,
      lastError: null,
    });

    // Later sweeps and a late activity retry send nothing more.
    clock = at(t0, DAY);
    expect(await activities.deliverDueNotifications(50)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(await activities.deliverNotification(input)).toMatchObject({ status: 'already-sent' });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
    expect((await listAuditEntries(t.db, 'case-1')).filter((e) => e.eventType === 'notice-undelivered')).toHaveLength(
      0,
    );
  });

  it('gives up at the give-up time, not before, and records an incident on the case', async () => {
    await smtp?.close();
    smtp = undefined;
    const t0 = new Date('2026-03-10T09:00:00Z');
    clock = t0;
    const activities = createNotificationActivities(deps);
    const input = notice('case-2:7:0:applicant', 'case-2');
    for (let attempt = 0; attempt < 3; attempt += 1) await failureOf(activities.deliverNotification(input));

    // Sweeps through the two days: each failure waits longer, never past the give-up time.
    let sweeps = 0;
    for (;;) {
      const row = await getNotificationByKey(t.db, input.idempotencyKey);
      if (row!.state !== 'pending') break;
      expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(at(t0, 2 * DAY).getTime());
      clock = row!.nextAttemptAt;
      const result = await activities.deliverDueNotifications(50);
      sweeps += 1;
      expect(result.failed).toBe(1);
      expect(result.gaveUp).toBe(clock.getTime() >= at(t0, 2 * DAY).getTime() ? 1 : 0);
    }
    // 5, 10, 20, 40, 80, 160 min, then 6 h steps until the give-up time's own attempt.
    expect(sweeps).toBeGreaterThan(6);
    expect(clock).toEqual(at(t0, 2 * DAY));
    const failed = await getNotificationByKey(t.db, input.idempotencyKey);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 + sweeps });
    expect(JSON.stringify(failed!.payload)).not.toContain('K7QP2MXA');

    const incidents = (await listAuditEntries(t.db, 'case-2')).filter((e) => e.eventType === 'notice-undelivered');
    expect(incidents).toHaveLength(1);
    expect(incidents[0].details).toMatchObject({
      channel: 'email',
      template: 'case-received',
      attempts: 3 + sweeps,
      notificationId: failed!.id,
    });
    expect(incidents[0].details.reason).toEqual(expect.stringContaining('DELIVERY_UNAVAILABLE'));
    expect(JSON.stringify(incidents[0].details)).not.toContain('resident@example.org');
    expect(await activities.deliverDueNotifications(50)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
  });
});
