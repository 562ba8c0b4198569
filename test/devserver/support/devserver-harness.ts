// Conformance-test harness: an in-process server on port 0, the real SDK client and worker, the
// workflow bundle built once per jest run, and a replay check of every history a test produced.
import path from 'node:path';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import {
  bundleWorkflowCode,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  DefaultLogger,
  Worker,
  WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { historyShapeProblems } from './history-shape';
import { startDevServer, type DevServer, type DevServerOptions } from '../../../devserver';
import { cachedWorkflowBundle } from '../../support/workflow-bundle-cache';

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    const level = (process.env.DEVSERVER_LOG_LEVEL as 'WARN' | undefined) ?? 'ERROR';
    Runtime.install({
      logger: new DefaultLogger(level),
      // The core's own warnings (e.g. NOT_FOUND for a timed-out activity) are expected in these tests.
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level, other: level }) } },
    });
  } catch {
    // Already installed by another harness in this process.
  }
}

export interface Harness {
  server: DevServer;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  bundle: WorkflowBundleWithSourceMap;
  /** A fresh task queue name per call. */
  taskQueue(prefix?: string): string;
  /** A fresh workflow id per call, tracked for replay. */
  workflowId(prefix: string): string;
  /** Tracks a workflow id (all its runs are replayed at the end). */
  track(id: string | WorkflowHandle): void;
  /**
   * A worker kept running for the whole file (on its own task queue, returned): much cheaper than a
   * worker per test. `activities` are fixed at the first call: an object, or activity names whose
   * implementations `withWorker(sharedQueue, fn, { activities })` supplies per test.
   */
  sharedWorker(activities?: object | readonly string[]): Promise<string>;
  /** Creates a worker on the bundle and runs `fn` while it polls. */
  withWorker<T>(taskQueue: string, fn: () => Promise<T>, options?: Partial<WorkerOptions>): Promise<T>;
  /** Replays every run of every tracked workflow; returns the failures (empty = clean). */
  replayAll(): Promise<string[]>;
  close(): Promise<void>;
}

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return cachedWorkflowBundle('devserver-conformance-workflows', () =>
    bundleWorkflowCode({
      workflowsPath: path.join(__dirname, '..', 'workflows', 'index.ts'),
      logger: new DefaultLogger('ERROR'),
    }),
  );
}

let counter = 0;

export async function startHarness(options: DevServerOptions = {}): Promise<Harness> {
  quietRuntime();
  const server = await startDevServer({ port: 0, ...options });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const bundle = await workflowBundle();
  const tracked = new Set<string>();
  let shared: { taskQueue: string; worker: Worker; running: Promise<void> } | undefined;
  let sharedStarting: Promise<string> | undefined;
  const sharedImpl: Record<string, ActivityFn | undefined> = {};
  const track = (id: string | WorkflowHandle): void => {
    tracked.add(typeof id === 'string' ? id : id.workflowId);
  };
  return {
    server,
    client,
    connection,
    nativeConnection,
    bundle,
    taskQueue: (prefix = 'tq') => `${prefix}-${process.pid}-${++counter}`,
    workflowId: (prefix) => {
      const id = `${prefix}-${process.pid}-${++counter}`;
      tracked.add(id);
      return id;
    },
    track,
    sharedWorker(activities) {
      sharedStarting ??= (async () => {
        const taskQueue = `shared-${process.pid}-${++counter}`;
        const resolved = Array.isArray(activities)
          ? delegatingActivities(activities as readonly string[], sharedImpl)
          : activities;
        const worker = await Worker.create({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue,
          workflowBundle: bundle,
          activities: resolved,
        });
        shared = { taskQueue, worker, running: worker.run() };
        return taskQueue;
      })();
      return sharedStarting;
    },
    async withWorker(taskQueue, fn, workerOptions = {}) {
      if (shared && taskQueue === shared.taskQueue) {
        // The shared worker is already polling; only swap in this test's activity implementations.
        const names = Object.keys(workerOptions.activities ?? {});
        Object.assign(sharedImpl, workerOptions.activities ?? {});
        try {
          return await fn();
        } finally {
          for (const name of names) delete sharedImpl[name];
        }
      }
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        workflowBundle: bundle,
        ...workerOptions,
      });
      return worker.runUntil(fn);
    },
    async replayAll() {
      const failures: string[] = [];
      const histories = [];
      for (const workflowId of tracked) {
        for (const run of server.engine.runsOf('default', workflowId)) {
          const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
          for (const problem of historyShapeProblems(history)) failures.push(`${workflowId}/${run.runId}: ${problem}`);
          histories.push({ workflowId, history });
        }
      }
      if (histories.length === 0) return failures;
      const results = Worker.runReplayHistories({ workflowBundle: bundle }, histories);
      for await (const result of results) {
        if (result.error)
          failures.push(`${result.workflowId} (${result.runId ?? ''}): ${result.error.name}: ${result.error.message}`);
      }
      return failures;
    },
    async close() {
      if (shared) {
        shared.worker.shutdown();
        await shared.running;
      }
      await nativeConnection.close();
      await connection.close();
      await server.close();
    },
  };
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

/**
 * Activities for a shared worker whose implementations a test can swap: the worker gets one stable
 * function per name, which calls whatever `impl[name]` is at call time.
 */
export function delegatingActivities(
  names: readonly string[],
  impl: Record<string, ActivityFn | undefined>,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      (...args: unknown[]) => {
        const fn = impl[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (!fn) throw new Error(`activity ${name} has no implementation in this test`);
        return fn(...args);
      },
    ]),
  );
}
