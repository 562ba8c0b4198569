/**
 * deliverNotification run by a real Temporal worker against the embedded server: Temporal's retry
 * policy retries a temporary SMTP failure until one email goes out, and a permanent refusal fails
 * the activity at once (non-retryable), as the workflow will see it.
 */
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../devserver';
import { getNotificationByKey } from '../../db/repositories/notifications.repository';
import { createNotificationActivities, type DeliverNotificationInput } from '../../activities/notification.activities';
import { createSmtpEmailSender, NOTIFICATION_ID_HEADER, type EmailSender } from '../../notifications';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';
import type { notifyOnce } from './workflows/notification-workflows';

let t: TestDatabase;
let smtp: SmtpTestServer;
let email: EmailSender;
let server: DevServer;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `notifications-${process.pid}`;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this process.
  }
  [t, smtp, server] = await Promise.all([createTestDatabase(), startSmtpTestServer(), startDevServer({ port: 0 })]);
  email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    from: 'CivicFlow <no-reply@springfield.example>',
  });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
  nativeConnection = await NativeConnection.connect({ address: server.address });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowsPath: path.join(__dirname, 'workflows', 'notification-workflows.ts'),
    activities: createNotificationActivities({ db: t.db, email, agency: AGENCY }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await server?.close();
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

function supervisorEmail(key: string): DeliverNotificationInput {
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['sla-escalation'];
  return {
    idempotencyKey: key,
    caseId: 'case-123',
    channel: 'email',
    recipient: 'supervisor@springfield.example',
    template: 'sla-escalation',
    data,
  };
}

const mailsFor = (key: string) =>
  smtp.received.filter((r) => r.mail.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()) === key);

describe('deliverNotification in a Temporal worker', () => {
  it('retries a temporary SMTP failure and sends exactly one email', async () => {
    smtp.failRecipients(2, 451, 'Greylisted, try again');
    const result = await client.workflow.execute<typeof notifyOnce>('notifyOnce', {
      taskQueue,
      workflowId: `notify-retry-${process.pid}`,
      args: [supervisorEmail('wf:retry')],
    });
    expect(result).toMatchObject({ status: 'sent', attempts: 3 });
    const mails = mailsFor('wf:retry');
    expect(mails).toHaveLength(1);
    expect(mails[0].mail.subject).toContain('Escalation level 2: Plan review for CF-2026-000123');
    expect(await getNotificationByKey(t.db, 'wf:retry')).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('fails the activity once, without retries, when the server refuses the address', async () => {
    smtp.failRecipients(1, 550, 'Mailbox unavailable');
    const error = await client.workflow
      .execute<typeof notifyOnce>('notifyOnce', {
        taskQueue,
        workflowId: `notify-refused-${process.pid}`,
        args: [supervisorEmail('wf:refused')],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'DELIVERY_REJECTED', nonRetryable: true });
    expect(await getNotificationByKey(t.db, 'wf:refused')).toMatchObject({ state: 'failed', attempts: 1 });
    expect(mailsFor('wf:refused')).toHaveLength(0);
  });

  it('does not send again when a second workflow run repeats the same key', async () => {
    const result = await client.workflow.execute<typeof notifyOnce>('notifyOnce', {
      taskQueue,
      workflowId: `notify-repeat-${process.pid}`,
      args: [supervisorEmail('wf:retry')],
    });
    expect(result).toMatchObject({ status: 'already-sent' });
    expect(mailsFor('wf:retry')).toHaveLength(1);
  });
});
