/**
 * A case worker in its own process, for the crash test: the parent kills it with SIGKILL mid-case.
 * Configured through the environment by the parent; prints READY once it polls.
 */
import fs from 'node:fs';
import { createDatabase } from '../../../db';
import { createSmtpEmailSender } from '../../../notifications';
import { createCaseWorker } from '../../../worker/case-worker';
import { connectWorker } from '../../../worker/temporal-connection';
import { quietRuntime } from './case-harness';

async function main(): Promise<void> {
  quietRuntime();
  const env = process.env;
  const db = await createDatabase(
    { url: env.CASE_DB_URL!, embeddedDir: '' },
    { migrate: false, pool: { min: 0, max: 4 } },
  );
  const connection = await connectWorker(env.CASE_ADDRESS!, 'embedded');
  const worker = await createCaseWorker({
    connection,
    taskQueue: env.CASE_TASK_QUEUE!,
    workflowBundle: { code: fs.readFileSync(env.CASE_BUNDLE_FILE!, 'utf8') },
    activitiesDeps: {
      db,
      publicUrl: 'https://civicflow.city.example',
      notifications: {
        email: createSmtpEmailSender({
          smtp: { host: '127.0.0.1', port: Number(env.CASE_SMTP_PORT), secure: false },
          from: 'CivicFlow <no-reply@city.example>',
        }),
        agency: { name: 'City of Los Angeles', phone: '311', timeZone: 'America/Los_Angeles' },
      },
    },
    worker: { identity: 'doomed-worker' },
  });
  const running = worker.run();
  process.stdout.write('READY\n');
  await running;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
