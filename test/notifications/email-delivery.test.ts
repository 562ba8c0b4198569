/**
 * deliverNotification against a real SMTP server and a real Postgres outbox: one email per
 * idempotency key, failures recorded, retries that succeed, permanent errors that stop.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  claimNotification,
  enqueueNotification,
  getNotificationByKey,
} from '../../db/repositories/notifications.repository';
import {
  createNotificationActivities,
  type DeliverNotificationInput,
  type NotificationActivityDeps,
} from '../../activities/notification.activities';
import {
  createSmtpEmailSender,
  NOTIFICATION_ID_HEADER,
  notificationMessageId,
  type EmailSender,
} from '../../notifications';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';
import { waitFor } from '../support/until';

const FROM = 'Springfield Permits <no-reply@springfield.example>';

let t: TestDatabase;
let smtp: SmtpTestServer;
let email: EmailSender;
let deps: NotificationActivityDeps;

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestDatabase(), startSmtpTestServer()]);
  email = createSmtpEmailSender({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: FROM });
  deps = { db: t.db, email, agency: AGENCY };
});
afterAll(async () => {
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

let counter = 0;
function escalation(extra: Partial<DeliverNotificationInput> = {}): DeliverNotificationInput {
  counter += 1;
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['sla-escalation'];
  return {
    idempotencyKey: `case-123:${counter}:0:supervisor`,
    caseId: 'case-123',
    channel: 'email',
    recipient: 'supervisor@springfield.example',
    template: 'sla-escalation',
    data,
    ...extra,
  };
}

const mailsFor = (key: string) =>
  smtp.received.filter((r) => r.mail.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()) === key);

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error('expected the activity to fail');
}

describe('deliverNotification by email', () => {
  it('sends the rendered message to a real SMTP server and records it as sent', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const input = escalation();
    const result = await deliverNotification(input);
    expect(result).toMatchObject({ status: 'sent', attempts: 1 });

    const [received] = mailsFor(input.idempotencyKey);
    expect(received.envelopeTo).toEqual(['supervisor@springfield.example']);
    expect(received.envelopeFrom).toBe('no-reply@springfield.example');
    expect(received.mail.subject).toBe('Escalation level 2: Plan review for CF-2026-000123 is 3 days and 2 hours late');
    expect(received.mail.text).toContain('How late: 3 days and 2 hours');
    expect(received.mail.text).toContain('Open the case: https://springfield.example/staff/cases/case-123');
    expect(received.mail.html).toContain(
      '<a href="https://springfield.example/staff/cases/case-123">Open the case</a>',
    );
    expect(received.mail.messageId).toBe(notificationMessageId(input.idempotencyKey, FROM));
    expect(received.mail.messageId).toMatch(/@springfield\.example>$/);

    const row = await getNotificationByKey(t.db, input.idempotencyKey);
    expect(row).toMatchObject({
      state: 'sent',
      attempts: 1,
      providerMessageId: received.mail.messageId,
      caseId: 'case-123',
      lastError: null,
    });
    expect(row?.sentAt).toBeInstanceOf(Date);
  });

  it('sends one email when the activity runs twice, or twice at once, with the same key', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const input = escalation();
    expect((await deliverNotification(input)).status).toBe('sent');
    expect(await deliverNotification(input)).toMatchObject({ status: 'already-sent', attempts: 1 });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);

    const raced = escalation();
    const outcomes = await Promise.allSettled([
      deliverNotification(raced),
      deliverNotification(raced),
      deliverNotification(raced),
    ]);
    const sent = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'sent');
    expect(sent).toHaveLength(1);
    for (const outcome of outcomes) {
      // The losers either saw it sent or were told to retry later (the winner held the lease).
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ type: 'DELIVERY_IN_PROGRESS', nonRetryable: false });
    }
    expect((await deliverNotification(raced)).status).toBe('already-sent');
    expect(mailsFor(raced.idempotencyKey)).toHaveLength(1);
  });

  it("sends at once when the worker's clock is behind the database's (one clock for enqueue and claim)", async () => {
    // A worker host 2 s behind the database (or enqueue and claim within one millisecond, where the
    // database's microseconds are ahead of a JS Date): the new row must still be due when claimed.
    const { deliverNotification } = createNotificationActivities({ ...deps, now: () => new Date(Date.now() - 2000) });
    const input = escalation();
    expect(await deliverNotification(input)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
  });

  it('records a temporary SMTP failure, fails retryably, and a retry delivers exactly one email', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const input = escalation();
    smtp.failRecipients(1, 451, 'Mailbox busy, try again later');
    const failure = await failureOf(deliverNotification(input));
    expect(failure).toMatchObject({ type: 'DELIVERY_UNAVAILABLE', nonRetryable: false });
    const failed = await getNotificationByKey(t.db, input.idempotencyKey);
    expect(failed).toMatchObject({ state: 'pending', attempts: 1 });
    expect(failed?.lastError).toContain('451');
    expect(mailsFor(input.idempotencyKey)).toHaveLength(0);

    expect(await deliverNotification(input)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({ state: 'sent', lastError: null });
  });

  it('stops for good when the server refuses the recipient (5xx)', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const input = escalation({ recipient: 'nobody@springfield.example' });
    smtp.failRecipients(1, 550, 'No such user here');
    const failure = await failureOf(deliverNotification(input));
    expect(failure).toMatchObject({ type: 'DELIVERY_REJECTED', nonRetryable: true });
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({ state: 'failed', attempts: 1 });

    // A retry scheduled anyway (say, by an older workflow) finds it abandoned and sends nothing.
    const again = await failureOf(deliverNotification(input));
    expect(again).toMatchObject({ type: 'DELIVERY_ABANDONED', nonRetryable: true });
    expect(again.message).toContain('550');
    expect(mailsFor(input.idempotencyKey)).toHaveLength(0);
  });

  it('treats an unreachable SMTP server as temporary', async () => {
    const down = await startSmtpTestServer();
    await down.close();
    const sender = createSmtpEmailSender({
      smtp: { host: '127.0.0.1', port: down.port, secure: false },
      from: FROM,
      connectionTimeoutMs: 2000,
    });
    const { deliverNotification } = createNotificationActivities({ ...deps, email: sender });
    const input = escalation();
    const failure = await failureOf(deliverNotification(input));
    expect(failure).toMatchObject({ type: 'DELIVERY_UNAVAILABLE', nonRetryable: false });
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({ state: 'pending', attempts: 1 });
    await sender.close();

    // The configured server is back: the same message goes out once.
    expect((await createNotificationActivities(deps).deliverNotification(input)).status).toBe('sent');
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
  });

  it('fails permanently, without sending, on a bad address, an unknown template or a missing variable', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const before = smtp.received.length;

    const badAddress = escalation({ recipient: 'supervisor at springfield' });
    expect(await failureOf(deliverNotification(badAddress))).toMatchObject({
      type: 'RECIPIENT_INVALID',
      nonRetryable: true,
    });
    expect(await getNotificationByKey(t.db, badAddress.idempotencyKey)).toMatchObject({ state: 'failed' });

    const unknown = escalation({ template: 'sla-escalation-v9' });
    expect(await failureOf(deliverNotification(unknown))).toMatchObject({
      type: 'TEMPLATE_UNKNOWN',
      nonRetryable: true,
    });

    const { level: _level, ...withoutLevel } = escalation().data;
    const missing = escalation({ data: withoutLevel });
    const failure = await failureOf(deliverNotification(missing));
    expect(failure).toMatchObject({ type: 'TEMPLATE_DATA_MISSING', nonRetryable: true });
    expect(failure.details?.[0]).toMatchObject({ code: 'TEMPLATE_DATA_MISSING', field: 'level' });
    expect((await getNotificationByKey(t.db, missing.idempotencyKey))?.lastError).toContain('"level" is missing');

    const noChannel = createNotificationActivities({ db: t.db, agency: AGENCY });
    const queuedOnly = escalation();
    expect(await failureOf(noChannel.deliverNotification(queuedOnly))).toMatchObject({
      type: 'CHANNEL_NOT_CONFIGURED',
      nonRetryable: true,
    });
    // Kept in the outbox untouched, for when email is configured.
    expect(await getNotificationByKey(t.db, queuedOnly.idempotencyKey)).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
    // The sweep without the channel puts it off for an hour instead of failing it.
    const swept = Date.now();
    expect(await noChannel.deliverDueNotifications(100)).toMatchObject({ sent: 0 });
    const later = await getNotificationByKey(t.db, queuedOnly.idempotencyKey);
    expect(later).toMatchObject({ state: 'pending', attempts: 1 });
    expect(later!.nextAttemptAt.getTime()).toBeGreaterThan(swept + 3_500_000);

    expect(await failureOf(deliverNotification({ ...escalation(), idempotencyKey: ' ' }))).toMatchObject({
      type: 'NOTIFICATION_INPUT_INVALID',
      nonRetryable: true,
    });
    expect(smtp.received.length).toBe(before);

    expect(await failureOf(deliverNotification(queuedOnly))).toMatchObject({
      type: 'DELIVERY_IN_PROGRESS',
      nonRetryable: false,
    });
    const configuredLater = createNotificationActivities({ ...deps, now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(await configuredLater.deliverNotification(queuedOnly)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailsFor(queuedOnly.idempotencyKey)).toHaveLength(1);
  });

  it('waits for a crashed attempt’s lease, then sends once', async () => {
    const input = escalation();
    await enqueueNotification(t.db, {
      idempotencyKey: input.idempotencyKey,
      channel: 'email',
      recipient: input.recipient,
      template: input.template,
      payload: { data: input.data },
    });
    const t0 = new Date(Date.now() + 1000);
    // An attempt claimed the message and died before sending.
    expect(await claimNotification(t.db, input.idempotencyKey, { now: t0, leaseMs: 60_000 })).toBeDefined();

    const soon = createNotificationActivities({ ...deps, now: () => new Date(t0.getTime() + 5_000) });
    const busy = await failureOf(soon.deliverNotification(input));
    expect(busy).toMatchObject({ type: 'DELIVERY_IN_PROGRESS', nonRetryable: false });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(0);

    const later = createNotificationActivities({ ...deps, now: () => new Date(t0.getTime() + 61_000) });
    expect(await later.deliverNotification(input)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(1);
  });

  it('aborts a send to a stuck server, and a cancelled activity stops sending', async () => {
    const stuck = await startSmtpTestServer();
    const sender = createSmtpEmailSender({
      smtp: { host: '127.0.0.1', port: stuck.port, secure: false },
      from: FROM,
      sendTimeoutMs: 500,
    });
    try {
      const activities = createNotificationActivities({ ...deps, email: sender });
      const timedOut = escalation();
      stuck.stallNextData();
      expect(await failureOf(activities.deliverNotification(timedOut))).toMatchObject({
        type: 'DELIVERY_UNAVAILABLE',
        nonRetryable: false,
      });
      expect(await getNotificationByKey(t.db, timedOut.idempotencyKey)).toMatchObject({
        state: 'pending',
        attempts: 1,
      });

      // Temporal cancels the activity (or its start-to-close timeout fires) mid-send.
      const cancelled = escalation();
      stuck.stallNextData();
      const env = new MockActivityEnvironment();
      const running = env.run(
        createNotificationActivities({
          ...deps,
          email: createSmtpEmailSender({ smtp: { host: '127.0.0.1', port: stuck.port, secure: false }, from: FROM }),
        }).deliverNotification,
        cancelled,
      );
      await waitFor('both connections stalled', () => stuck.stalled() >= 2, 30_000, 20);
      env.cancel();
      const failure = await failureOf(running);
      expect(failure).toMatchObject({ type: 'DELIVERY_UNAVAILABLE', nonRetryable: false });
      expect((await getNotificationByKey(t.db, cancelled.idempotencyKey))?.lastError).toMatch(/abort/i);
      expect(stuck.received).toHaveLength(0);
    } finally {
      await sender.close();
      await stuck.close();
    }
  });

  it('stops retrying after its own attempts and leaves the message to the outbox sweep', async () => {
    const { deliverNotification } = createNotificationActivities({ ...deps, maxAttempts: 2 });
    const input = escalation();
    smtp.failRecipients(2, 421, 'Service not available');
    expect(await failureOf(deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_UNAVAILABLE',
      nonRetryable: false,
    });
    // The last attempt fails: the activity stops retrying, the outbox keeps the message for the sweep.
    expect(await failureOf(deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_UNAVAILABLE',
      nonRetryable: true,
    });
    expect(await getNotificationByKey(t.db, input.idempotencyKey)).toMatchObject({ state: 'pending', attempts: 2 });
    expect(await failureOf(deliverNotification(input))).toMatchObject({
      type: 'DELIVERY_DEFERRED',
      nonRetryable: true,
    });
    expect(mailsFor(input.idempotencyKey)).toHaveLength(0);
  });

  it('delivers a template written in the process definition, in the platform frame', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const input: DeliverNotificationInput = {
      idempotencyKey: 'case-9:4:0:applicant',
      caseId: 'case-9',
      channel: 'email',
      recipient: 'resident@example.org',
      template: 'permit-denied',
      definitionTemplate: {
        subject: 'Decision on your permit application for {{propertyAddress}}',
        body: 'Your application has been denied for these reasons:\n{{denialReasons}}',
      },
      data: {
        trackingNumber: 'CF-2026-000999',
        statusUrl: 'https://springfield.example/track/CF-2026-000999',
        propertyAddress: '12 Elm St',
        denialReasons: ['Too tall for the zone', 'No second exit'],
        appealable: true,
        appealDeadline: '2026-12-31T20:00:00Z',
      },
    };
    expect((await deliverNotification(input)).status).toBe('sent');
    const [received] = mailsFor(input.idempotencyKey);
    expect(received.mail.subject).toBe('Decision on your permit application for 12 Elm St');
    expect(received.mail.text).toContain('- Too tall for the zone');
    expect(received.mail.text).toContain('Your appeal must reach us by Thursday, December 31, 2026.');
    expect(received.mail.text).toContain('Please give your tracking number, CF-2026-000999.');
    expect((await getNotificationByKey(t.db, input.idempotencyKey))?.payload).toMatchObject({
      definitionTemplate: { body: input.definitionTemplate?.body },
    });
  });

  it('drains messages left pending with the sweep', async () => {
    const { deliverDueNotifications } = createNotificationActivities(deps);
    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['case-received'];
    await enqueueNotification(t.db, {
      idempotencyKey: 'sweep:1',
      channel: 'email',
      recipient: 'resident@example.org',
      template: 'case-received',
      payload: { data },
    });
    const result = await deliverDueNotifications(100);
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(mailsFor('sweep:1')).toHaveLength(1);
    expect(mailsFor('sweep:1')[0].mail.text).toContain('Verification code: K7QP2MXA');
    await deliverDueNotifications(100);
    expect(mailsFor('sweep:1')).toHaveLength(1);
  });

  it('sends the verification code to the resident but does not keep it in the outbox', async () => {
    const { deliverNotification } = createNotificationActivities(deps);
    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['case-received'];
    const input: DeliverNotificationInput = {
      idempotencyKey: 'case-55:1:0:applicant',
      caseId: 'case-55',
      channel: 'email',
      recipient: 'resident@example.org',
      template: 'case-received',
      data,
    };
    expect((await deliverNotification(input)).status).toBe('sent');
    const [received] = mailsFor(input.idempotencyKey);
    expect(received.mail.text).toContain('Verification code: K7QP2MXA');
    expect(received.mail.text).toContain(
      'Check the status of your case: https://springfield.example/track/CF-2026-000123',
    );
    const row = await getNotificationByKey(t.db, input.idempotencyKey);
    expect(JSON.stringify(row?.payload)).not.toContain('K7QP2MXA');
    expect(row?.payload).toMatchObject({ data: { trackingNumber: 'CF-2026-000123' } });
    // Already sent: a retry needs nothing from the scrubbed payload.
    expect((await deliverNotification(input)).status).toBe('already-sent');
  });

  it('renders rows whose payload is the data itself', async () => {
    const { deliverDueNotifications } = createNotificationActivities(deps);
    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['case-reopened'];
    await enqueueNotification(t.db, {
      idempotencyKey: 'flat:1',
      channel: 'email',
      recipient: 'resident@example.org',
      template: 'case-reopened',
      payload: data,
    });
    await deliverDueNotifications(100);
    expect(mailsFor('flat:1')).toHaveLength(1);
    expect(mailsFor('flat:1')[0].mail.subject).toBe('Your service request (CF-2026-000123) is open again');
  });
});
