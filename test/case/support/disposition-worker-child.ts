/**
 * A case worker in its own process for the disposition crash test: the real activities, except that
 * the Nth disposal, once committed, prints COMMITTED and never returns (as if the process died after
 * the commit and before Temporal heard of it). The parent then kills it with SIGKILL.
 */
import fs from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities/create-activities';
import { createDatabase } from '../../../db';
import { quietRuntime } from './case-harness';

async function main(): Promise<void> {
  quietRuntime();
  const env = process.env;
  const stallAt = Number(env.STALL_AT_DISPOSAL);
  const db = await createDatabase(
    { url: env.CASE_DB_URL!, embeddedDir: '' },
    { migrate: false, pool: { min: 0, max: 4 } },
  );
  const activities = createActivities({ db });
  let disposals = 0;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: env.CASE_ADDRESS! }),
    taskQueue: env.CASE_TASK_QUEUE!,
    workflowBundle: { code: fs.readFileSync(env.CASE_BUNDLE_FILE!, 'utf8') },
    activities: {
      ...activities,
      async disposeCase(input: { batchId: string; caseId: string }) {
        const result = await activities.disposeCase(input);
        disposals += 1;
        if (disposals === stallAt) {
          process.stdout.write('COMMITTED\n');
          await new Promise(() => undefined);
        }
        return result;
      },
    },
    identity: 'doomed-disposition-worker',
  });
  const running = worker.run();
  process.stdout.write('READY\n');
  await running;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
