/**
 * Load driver for the memory figure, run in its own process so the server's heap holds only the
 * server: starts `count` armedTimerWorkflow runs with a real worker and client, reports `started`
 * over IPC, and keeps the worker polling until the parent sends `stop`.
 * argv: <server address> <task queue> <count>
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { runBounded } from '../lib/measure';
import { createBenchActivities } from '../workflows/devserver-bench.activities';

async function main(): Promise<void> {
  const [address, taskQueue, countText] = process.argv.slice(2);
  const count = Number(countText);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../workflows/devserver-bench.workflows'),
    activities: createBenchActivities(),
    maxCachedWorkflows: 2000,
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const stopped = new Promise<void>((resolve) => process.on('message', (message) => message === 'stop' && resolve()));
  await worker.runUntil(async () => {
    await runBounded(count, 200, async (index) => {
      await client.workflow.start('armedTimerWorkflow', { taskQueue, workflowId: `armed-${index}` });
    });
    process.send?.('started');
    await stopped;
  });
  await connection.close();
  await nativeConnection.close();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
