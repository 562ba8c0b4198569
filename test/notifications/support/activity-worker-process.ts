/**
 * A worker process that runs only the notification activities, for crash tests: the test kills it
 * with SIGKILL in the middle of a send. Configured by environment variables; prints "ready".
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDatabase } from '../../../db/connection';
import { createNotificationActivities } from '../../../activities/notification.activities';
import { createSmtpEmailSender } from '../../../notifications';
import { AGENCY } from '../template-fixtures';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const db = await createDatabase({ url: env('CRASH_DATABASE_URL'), embeddedDir: '' }, { migrate: false });
  const email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: Number(env('CRASH_SMTP_PORT')), secure: false },
    from: 'CivicFlow <no-reply@springfield.example>',
  });
  const connection = await NativeConnection.connect({ address: env('CRASH_TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: env('CRASH_TASK_QUEUE'),
    activities: createNotificationActivities({ db, email, agency: AGENCY, leaseMs: Number(env('CRASH_LEASE_MS')) }),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
