/**
 * The floor under the lifecycle target (issue 12): the case's Temporal shape with activities that do
 * nothing (bench/workflows/temporal-floor.workflows.ts), driven through the client at the HTTP
 * lifecycle bench's concurrency against the same embedded server: no HTTP, no database, no
 * interpreter, no audit. What a lifecycle costs here the SDK and the server cost on this machine
 * whatever the application does. How it is measured: bench/notes/temporal-floor.md.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { connectWorker } from '../worker/temporal-connection';
import type { BenchFigures } from './lib/bench-result';
import { round } from './lib/measure';
import { startBenchServer } from './support/bench-stack';
import { cpuByThreadFigure, measurePhase } from './support/measure-phase';
import { createFloorActivities } from './workflows/temporal-floor.activities';
import { caseShapedWorkflow, floorStartedUpdate, floorStepUpdate } from './workflows/temporal-floor.workflows';

const LIFECYCLES = Number(process.env.BENCH_FLOOR_LIFECYCLES ?? 400);
const CONCURRENCY = Number(process.env.BENCH_HTTP_LIFECYCLE_CONCURRENCY ?? 25);
const CREATES = Number(process.env.BENCH_FLOOR_CREATES ?? 400);
/** As the HTTP create bench (and the creation target). */
const CREATE_CONCURRENCY = 8;

/** A case started: update-with-start, answered once its first step is recorded. */
async function create(client: Client, taskQueue: string): Promise<string> {
  const workflowId = `floor-${randomUUID()}`;
  const start = new WithStartWorkflowOperation(caseShapedWorkflow, {
    workflowId,
    taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await client.workflow.executeUpdateWithStart(floorStartedUpdate, { startWorkflowOperation: start });
  return workflowId;
}

/** Start, two steps, and the step that closes. */
async function lifecycle(client: Client, taskQueue: string): Promise<void> {
  const workflowId = await create(client, taskQueue);
  const handle = client.workflow.getHandle(workflowId);
  await handle.executeUpdate(floorStepUpdate, { args: [false] });
  await handle.executeUpdate(floorStepUpdate, { args: [false] });
  const recorded = await handle.executeUpdate(floorStepUpdate, { args: [true] });
  if (recorded !== 4) throw new Error(`${workflowId}: ${recorded} steps recorded, expected 4`);
}

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startBenchServer();
  const native = await connectWorker(server.address, 'embedded');
  const connection = await Connection.connect({ address: server.address });
  const taskQueue = `bench-floor-${randomUUID().slice(0, 8)}`;
  try {
    // The case worker's cache size in the HTTP benches (bench/support/bench-stack.ts).
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: require.resolve('./workflows/temporal-floor.workflows'),
      activities: createFloorActivities(),
      maxCachedWorkflows: 2000,
    });
    const client = new Client({ connection });
    return await worker.runUntil(async () => {
      for (let i = 0; i < 10; i++) await lifecycle(client, taskQueue); // warm-up
      const load = [os.loadavg()[0]];
      const measured = await measurePhase(LIFECYCLES, CONCURRENCY, () => lifecycle(client, taskQueue));
      load.push(os.loadavg()[0]);
      const creation = await measurePhase(CREATES, CREATE_CONCURRENCY, async () => {
        await create(client, taskQueue);
      });
      load.push(os.loadavg()[0]);
      return {
        'floor lifecycles/s (update-with-start + 3 updates, 4 local activities, 1 activity)': measured.rps,
        'floor lifecycle p50 ms': measured.p50,
        'floor lifecycle p99 ms': measured.p99,
        'floor lifecycles (concurrency)': `${LIFECYCLES} (${CONCURRENCY})`,
        'floor lifecycle: process CPU ms (user + system)': measured.processCpuMs,
        [cpuByThreadFigure('floor lifecycle')]: measured.cpuByThread,
        'floor create: started/s (update-with-start, 1 local activity)': creation.rps,
        'floor create: p50 ms': creation.p50,
        'floor create: p99 ms': creation.p99,
        'floor create: count (concurrency)': `${CREATES} (${CREATE_CONCURRENCY})`,
        'floor create: process CPU ms (user + system)': creation.processCpuMs,
        [cpuByThreadFigure('floor create')]: creation.cpuByThread,
        'load average (1 min) at start / after lifecycles / after creates': load.map((l) => round(l, 1)).join(' / '),
      };
    });
  } finally {
    await connection.close();
    await native.close();
    await server.close();
  }
}
