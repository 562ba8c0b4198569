/**
 * The embedded server under the real SDK worker and client (all on loopback):
 * - throughput of a trivial workflow and of one with 3 signals, 1 timer and 1 activity;
 * - latency from sending a signal to the workflow having processed it;
 * - server heap per open workflow with an armed timer, at 10,000 workflows.
 * How each is measured: bench/notes/devserver.md.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../devserver';
import type { BenchFigures } from './lib/bench-result';
import { elapsedMs, percentile, round, runBounded, settledMemory, waitUntil } from './lib/measure';
import { createBenchActivities } from './workflows/devserver-bench.activities';
import { finishSignal, markSignal, processedQuery, stepSignal } from './workflows/devserver-bench.workflows';

const TRIVIAL_COUNT = Number(process.env.BENCH_TRIVIAL_WORKFLOWS ?? 1000);
const COMPOSITE_COUNT = Number(process.env.BENCH_COMPOSITE_WORKFLOWS ?? 400);
const CONCURRENCY = 100;
const ARMED_COUNT = Number(process.env.BENCH_ARMED_WORKFLOWS ?? 10_000);
const TASK_QUEUE = 'bench';

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const figures: BenchFigures = {};
  const server = await startDevServer({});
  try {
    Object.assign(figures, await throughputAndLatency(server));
  } finally {
    await server.close();
  }
  Object.assign(figures, await memoryPerArmedWorkflow());
  return figures;
}

async function throughputAndLatency(server: DevServer): Promise<BenchFigures> {
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./workflows/devserver-bench.workflows'),
    activities: createBenchActivities(),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const figures: BenchFigures = {};
  try {
    await worker.runUntil(async () => {
      // Warm-up: bundle loading, connections and JIT are not part of the figures.
      await runBounded(50, 25, async (i) => {
        await client.workflow.execute('trivialWorkflow', { taskQueue: TASK_QUEUE, workflowId: `warm-${i}` });
      });

      let start = performance.now();
      await runBounded(TRIVIAL_COUNT, CONCURRENCY, async (i) => {
        await client.workflow.execute('trivialWorkflow', { taskQueue: TASK_QUEUE, workflowId: `trivial-${i}` });
      });
      figures['trivial workflow: completed/s'] = round((TRIVIAL_COUNT / elapsedMs(start)) * 1000, 1);
      figures['trivial workflow: count'] = TRIVIAL_COUNT;

      start = performance.now();
      await runBounded(COMPOSITE_COUNT, CONCURRENCY, async (i) => {
        const handle = await client.workflow.start('signalsTimerActivityWorkflow', { taskQueue: TASK_QUEUE, workflowId: `composite-${i}` });
        for (let s = 0; s < 3; s++) await handle.signal(stepSignal);
        const result = await handle.result();
        if (result !== 3) throw new Error(`composite workflow returned ${String(result)}`);
      });
      figures['3 signals + timer + activity: completed/s'] = round((COMPOSITE_COUNT / elapsedMs(start)) * 1000, 1);
      figures['3 signals + timer + activity: count'] = COMPOSITE_COUNT;

      Object.assign(figures, await signalLatency(client, 'idle', 3, 100));
      Object.assign(figures, await signalLatency(client, '20 concurrent senders', 20, 25));
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
  return figures;
}

/**
 * `streams` workflows each receive `perStream` mark signals, one at a time per workflow. A sample is
 * the time from sending mark n to the first query answer that reports n processed: queries are
 * ordered after the signal (the server delivers them with or after the task that carries it), so
 * the answer proves the handler ran. It includes one query round trip, which this bench reports.
 */
async function signalLatency(client: Client, label: string, streams: number, perStream: number): Promise<BenchFigures> {
  const samples: number[] = [];
  const queryTrips: number[] = [];
  let queries = 0;
  await runBounded(streams, streams, async (stream) => {
    const handle = await client.workflow.start('signalLatencyWorkflow', { taskQueue: TASK_QUEUE, workflowId: `latency-${label.replace(/\W+/g, '-')}-${stream}` });
    await handle.query(processedQuery); // the first task has run
    for (let mark = 1; mark <= perStream; mark++) {
      const sent = performance.now();
      await handle.signal(markSignal, mark);
      for (;;) {
        const asked = performance.now();
        const processed = await handle.query(processedQuery);
        queries += 1;
        queryTrips.push(elapsedMs(asked));
        if (processed >= mark) break;
      }
      samples.push(elapsedMs(sent));
    }
    await handle.signal(finishSignal);
    await handle.result();
  });
  return {
    [`signal→processed p50 ms (${label})`]: round(percentile(samples, 0.5), 2),
    [`signal→processed p99 ms (${label})`]: round(percentile(samples, 0.99), 2),
    [`query round trip p50 ms (${label})`]: round(percentile(queryTrips, 0.5), 2),
    [`signal samples (${label})`]: samples.length,
    [`queries per signal (${label})`]: round(queries / samples.length, 2),
  };
}

/**
 * Heap retained by the server per open workflow with an armed timer: a fresh server in this process,
 * the worker and client in a child process (so this heap is the server's alone). Baseline after the
 * driver's worker connected and polls; then ARMED_COUNT workflows each sleep 1 day; once the engine
 * shows every run open with one armed timer and no pending task, the delta / count is the figure.
 */
async function memoryPerArmedWorkflow(): Promise<BenchFigures> {
  const server = await startDevServer({});
  const driver = fork(path.join(__dirname, 'support', 'armed-timer-driver.ts'), [server.address, 'bench-memory', String(ARMED_COUNT)], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const driverExit = new Promise<number | null>((resolve) => driver.on('exit', (code) => resolve(code)));
  try {
    let started = false;
    driver.on('message', (message) => {
      if (message === 'started') started = true;
    });
    // The worker is connected and polling before the baseline: its long polls are not per-workflow.
    const armed = (): number => {
      let count = 0;
      for (const rec of server.engine.allRuns()) {
        if (rec.status === 1 && rec.workflowTask === null && Object.keys(rec.timers).length === 1) count += 1;
      }
      return count;
    };
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const before = await settledMemory();
    const start = performance.now();
    await waitUntil(() => started || driver.exitCode !== null, 'the driver to start every workflow', 10 * 60_000, 200);
    if (!started) throw new Error(`driver exited with ${String(driver.exitCode)}`);
    await waitUntil(() => armed() === ARMED_COUNT, `${ARMED_COUNT} armed timers`, 5 * 60_000, 200);
    const armSeconds = elapsedMs(start) / 1000;
    const after = await settledMemory();
    if (server.engine.runCount() !== ARMED_COUNT) throw new Error(`expected ${ARMED_COUNT} runs, engine has ${server.engine.runCount()}`);
    return {
      'armed-timer workflows open': ARMED_COUNT,
      'server heap per armed workflow (bytes)': Math.round((after.heapUsed - before.heapUsed) / ARMED_COUNT),
      'server heap+external per armed workflow (bytes)': Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / ARMED_COUNT),
      'armed-timer workflows started/s': round(ARMED_COUNT / armSeconds, 1),
    };
  } finally {
    if (driver.exitCode === null) driver.send('stop');
    const code = await Promise.race([driverExit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000))]);
    if (code === 'timeout') driver.kill('SIGKILL');
    await server.close();
  }
}
