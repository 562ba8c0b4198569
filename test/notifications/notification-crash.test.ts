/**
 * Crash: a worker process is killed (SIGKILL) while it is sending an email. Temporal retries the
 * activity on a new worker after the start-to-close timeout; the outbox lease of the dead attempt
 * has expired by then, so the new attempt sends the message, and exactly one email arrives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../devserver';
import { getNotificationByKey } from '../../db/repositories/notifications.repository';
import { createNotificationActivities, type DeliverNotificationInput } from '../../activities/notification.activities';
import { createSmtpEmailSender, NOTIFICATION_ID_HEADER } from '../../notifications';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';
import type { notifyQuickly } from './workflows/notification-workflows';
import { waitFor } from '../support/until';

let t: TestDatabase;
let smtp: SmtpTestServer;
let server: DevServer;
let connection: Connection;
let nativeConnection: NativeConnection;
let child: ChildProcess | undefined;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this process.
  }
  [t, smtp, server] = await Promise.all([createTestDatabase(), startSmtpTestServer(), startDevServer({ port: 0 })]);
  connection = await Connection.connect({ address: server.address });
  nativeConnection = await NativeConnection.connect({ address: server.address });
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await nativeConnection?.close();
  await connection?.close();
  await server?.close();
  await smtp?.close();
  await t?.drop();
});

function startActivityProcess(taskQueue: string): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'support', 'activity-worker-process.ts')],
    {
      cwd: path.join(__dirname, '..', '..'),
      env: {
        ...process.env,
        CRASH_DATABASE_URL: t.url,
        CRASH_SMTP_PORT: String(smtp.port),
        CRASH_TEMPORAL_ADDRESS: server.address,
        CRASH_TASK_QUEUE: taskQueue,
        CRASH_LEASE_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
    proc.once('exit', (code) => reject(new Error(`activity worker exited with ${code}: ${stderr}`)));
  });
}

/** Polls the shared helper; the child worker and the SMTP server may be slow on a loaded machine. */
const until = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
  await waitFor('the crash test condition', condition, 120_000, 25);
};

it('sends exactly one email when the worker dies mid-send', async () => {
  const taskQueue = `notifications-crash-${process.pid}`;
  const client = new Client({ connection, namespace: 'default' });
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['sla-escalation'];
  const input: DeliverNotificationInput = {
    idempotencyKey: 'wf:crash',
    caseId: 'case-123',
    channel: 'email',
    recipient: 'supervisor@springfield.example',
    template: 'sla-escalation',
    data,
  };

  const workflowWorker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowsPath: path.join(__dirname, 'workflows', 'notification-workflows.ts'),
  });
  await workflowWorker.runUntil(async () => {
    smtp.stallNextData();
    child = await startActivityProcess(taskQueue);
    const handle = await client.workflow.start<typeof notifyQuickly>('notifyQuickly', {
      taskQueue,
      workflowId: `notify-crash-${process.pid}`,
      args: [input],
    });

    // The child has claimed the message and is in the middle of the SMTP DATA exchange.
    await until(() => smtp.stalled() === 1);
    expect(await getNotificationByKey(t.db, 'wf:crash')).toMatchObject({ state: 'sending', attempts: 1 });
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const email = createSmtpEmailSender({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
      from: 'CivicFlow <no-reply@springfield.example>',
    });
    const activityWorker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createNotificationActivities({ db: t.db, email, agency: AGENCY }),
    });
    const result = await activityWorker.runUntil(handle.result());
    await email.close();

    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    const mails = smtp.received.filter((r) => r.mail.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()) === 'wf:crash');
    expect(mails).toHaveLength(1);
    expect(await getNotificationByKey(t.db, 'wf:crash')).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
