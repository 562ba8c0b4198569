/**
 * The embedded server under the real SDK worker and client (all on loopback):
 * - throughput of a trivial workflow and of one with 3 signals, 1 timer and 1 activity, in memory and
 *   in durable mode (Postgres on 127.0.0.1, embedded PGlite in a temp directory);
 * - latency from sending a signal to the workflow having processed it;
 * - server heap per open workflow with an armed timer, at 10,000 workflows.
 * How each is measured: bench/notes/devserver.md.
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer, type ExecutionRecordSnapshot } from '../devserver';
import { createExecutionStore } from '../devserver/persistence';
import type { BenchFigures } from './lib/bench-result';
import { elapsedMs, percentile, round, runBounded, settledMemory, waitUntil } from './lib/measure';
import { createBenchActivities } from './workflows/devserver-bench.activities';
import { finishSignal, markSignal, processedQuery, stepSignal } from './workflows/devserver-bench.workflows';

const TRIVIAL_COUNT = Number(process.env.BENCH_TRIVIAL_WORKFLOWS ?? 1000);
const COMPOSITE_COUNT = Number(process.env.BENCH_COMPOSITE_WORKFLOWS ?? 400);
const CONCURRENCY = 100;
const ARMED_COUNT = Number(process.env.BENCH_ARMED_WORKFLOWS ?? 10_000);
const DURABLE_COUNT = Number(process.env.BENCH_DURABLE_WORKFLOWS ?? 300);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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
  Object.assign(figures, await durableThroughput());
  Object.assign(figures, await memoryPerArmedWorkflow());
  return figures;
}

/** Runs `use` with a real worker (bench workflows and activities) and client on `server`. */
async function withSdk<T>(server: DevServer, use: (client: Client) => Promise<T>): Promise<T> {
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./workflows/devserver-bench.workflows'),
    activities: createBenchActivities(),
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    return await worker.runUntil(() => use(new Client({ connection })));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

/** Completed/s of `count` workflows, 100 in flight; the composite one gets its 3 signals. */
async function completedPerSecond(
  client: Client,
  kind: 'trivial' | 'composite',
  count: number,
  prefix: string,
): Promise<number> {
  const start = performance.now();
  await runBounded(count, CONCURRENCY, async (i) => {
    const workflowId = `${prefix}-${kind}-${i}`;
    if (kind === 'trivial') {
      await client.workflow.execute('trivialWorkflow', { taskQueue: TASK_QUEUE, workflowId });
      return;
    }
    const handle = await client.workflow.start('signalsTimerActivityWorkflow', { taskQueue: TASK_QUEUE, workflowId });
    for (let s = 0; s < 3; s++) await handle.signal(stepSignal);
    const result = await handle.result();
    if (result !== 3) throw new Error(`composite workflow returned ${String(result)}`);
  });
  return round((count / elapsedMs(start)) * 1000, 1);
}

/** The same throughput figures in durable mode: every change committed to Postgres / PGlite first. */
async function durableThroughput(): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const schema = `bench_${crypto.randomBytes(6).toString('hex')}`;
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-bench-'));
  const targets: [string, string][] = [
    ['Postgres', `${DATABASE_URL}?schema=${schema}`],
    ['PGlite', pgliteDir],
  ];
  try {
    for (const [label, target] of targets) {
      const persistence = await createExecutionStore<ExecutionRecordSnapshot>(target);
      const server = await startDevServer({ persistence });
      try {
        await withSdk(server, async (client) => {
          await completedPerSecond(client, 'trivial', 20, `warm-${label}`);
          figures[`durable (${label}) trivial workflow: completed/s`] = await completedPerSecond(
            client,
            'trivial',
            DURABLE_COUNT,
            label,
          );
          figures[`durable (${label}) 3 signals + timer + activity: completed/s`] = await completedPerSecond(
            client,
            'composite',
            Math.round(DURABLE_COUNT / 3),
            label,
          );
        });
      } finally {
        await server.close(); // closes the store
      }
    }
    figures['durable: trivial count'] = DURABLE_COUNT;
    figures['durable: composite count'] = Math.round(DURABLE_COUNT / 3);
  } finally {
    const admin = knex({ client: 'pg', connection: DATABASE_URL });
    await admin.raw('drop schema if exists ?? cascade', [schema]).finally(() => admin.destroy());
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  }
  return figures;
}

async function throughputAndLatency(server: DevServer): Promise<BenchFigures> {
  return withSdk(server, async (client) => {
    // Warm-up: bundle loading, connections and JIT are not part of the figures.
    await completedPerSecond(client, 'trivial', 50, 'warm');
    return {
      'trivial workflow: completed/s': await completedPerSecond(client, 'trivial', TRIVIAL_COUNT, 'memory'),
      'trivial workflow: count': TRIVIAL_COUNT,
      '3 signals + timer + activity: completed/s': await completedPerSecond(
        client,
        'composite',
        COMPOSITE_COUNT,
        'memory',
      ),
      '3 signals + timer + activity: count': COMPOSITE_COUNT,
      ...(await signalLatency(client, 'idle', 3, 100)),
      ...(await signalLatency(client, '20 concurrent senders', 20, 25)),
    };
  });
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
    const handle = await client.workflow.start('signalLatencyWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `latency-${label.replace(/\W+/g, '-')}-${stream}`,
    });
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
  const driver = fork(
    path.join(__dirname, 'support', 'armed-timer-driver.ts'),
    [server.address, 'bench-memory', String(ARMED_COUNT)],
    {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
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
    if (server.engine.runCount() !== ARMED_COUNT)
      throw new Error(`expected ${ARMED_COUNT} runs, engine has ${server.engine.runCount()}`);
    return {
      'armed-timer workflows open': ARMED_COUNT,
      'server heap per armed workflow (bytes)': Math.round((after.heapUsed - before.heapUsed) / ARMED_COUNT),
      'server heap+external per armed workflow (bytes)': Math.round(
        (after.heapUsed + after.external - before.heapUsed - before.external) / ARMED_COUNT,
      ),
      'armed-timer workflows started/s': round(ARMED_COUNT / armSeconds, 1),
    };
  } finally {
    if (driver.exitCode === null) driver.send('stop');
    const code = await Promise.race([
      driverExit,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000)),
    ]);
    if (code === 'timeout') driver.kill('SIGKILL');
    await server.close();
  }
}
