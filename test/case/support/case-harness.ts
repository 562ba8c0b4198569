/**
 * Test harness for the case workflow: a fresh Postgres database per test file, the embedded server
 * in-process (port 0), the real SDK client and worker, and the workflow bundle built once per jest run.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Knex } from 'knex';
import { createUser, upsertDepartment } from '../../../db';
import { startDevServer, type DevServer } from '../../../devserver';
import { bundleCaseWorkflows, createCaseWorker } from '../../../worker/case-worker';
import { connectWorker } from '../../../worker/temporal-connection';
import type { ActivitiesDeps } from '../../../activities/create-activities';
import { waitForEventOutcome, waitUntilSettled } from './case-observe';
import { createTestDatabase, type TestDatabase } from '../../db/support/test-database';
import { cachedWorkflowBundle, cachedWorkflowBundleFile } from '../../support/workflow-bundle-cache';

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Another harness in this process installed it already.
  }
}

export function caseBundle(): Promise<WorkflowBundleWithSourceMap> {
  return cachedWorkflowBundle('case-workflows', bundleCaseWorkflows);
}

/** The same bundle as a file, for a platform or worker process under test (WORKFLOW_BUNDLE_PATH); undefined outside jest. */
export function caseBundleFile(): Promise<string | undefined> {
  return cachedWorkflowBundleFile('case-workflows', bundleCaseWorkflows);
}

export { shippedDefinition } from '../../support/shipped-definitions';

/**
 * Puts the server's virtual clock at `ms` before anything runs on it. The devserver has no option for
 * this yet, so this sets the clock's offset field.
 */
export function setVirtualNow(server: DevServer, ms: number): void {
  const clock = server.engine.clock as unknown as { offsetMs: number };
  if (typeof clock.offsetMs !== 'number')
    throw new Error('the devserver clock has no offsetMs field any more: use its start-time option');
  clock.offsetMs += ms - server.clock.now();
}

/**
 * Stops virtual time from following real time: from now on it moves only by `clock.advance`, so
 * every instant a test produces is exact (a case filed at 09:00 is filed at 09:00:00.000). Same
 * private-field caveat as {@link setVirtualNow}.
 */
export function freezeVirtualTime(server: DevServer, ms: number): void {
  const clock = server.engine.clock as unknown as { offsetMs: number; realNow: () => number };
  if (typeof clock.realNow !== 'function')
    throw new Error('the devserver clock has no realNow field any more: use its manual-time option');
  clock.realNow = () => 0;
  clock.offsetMs = ms;
}

export interface CaseServer {
  server: DevServer;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  taskQueue: string;
  newWorker(deps: ActivitiesDeps, options?: { identity?: string }): Promise<Worker>;
  close(): Promise<void>;
}

export interface CaseServerOptions {
  startAt?: number;
  frozen?: boolean;
  suggestContinueAsNewAfterEvents?: number;
}

export async function startCaseServer(options: CaseServerOptions = {}): Promise<CaseServer> {
  quietRuntime();
  const server = await startDevServer({
    port: 0,
    timeSkipping: true,
    ...(options.suggestContinueAsNewAfterEvents
      ? { suggestContinueAsNewAfterEvents: options.suggestContinueAsNewAfterEvents }
      : {}),
  });
  if (options.frozen) freezeVirtualTime(server, options.startAt ?? Date.now());
  else if (options.startAt !== undefined) setVirtualNow(server, options.startAt);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await connectWorker(server.address, 'embedded');
  const workflowBundle = await caseBundle();
  const taskQueue = `cases-${randomUUID().slice(0, 8)}`;
  return {
    server,
    client,
    connection,
    nativeConnection,
    taskQueue,
    newWorker: (deps, workerOptions = {}) =>
      createCaseWorker({
        connection: nativeConnection,
        taskQueue,
        activitiesDeps: deps,
        workflowBundle,
        worker: { ...(workerOptions.identity ? { identity: workerOptions.identity } : {}) },
      }),
    async close() {
      await nativeConnection.close();
      await connection.close();
      await server.close();
    },
  };
}

/** What {@link useRunningCaseWorker} gives a test file; read it inside tests (it is filled in beforeAll). */
export interface RunningCaseWorker {
  readonly t: TestDatabase;
  readonly db: Knex;
  readonly env: CaseServer;
  readonly worker: Worker;
}

/**
 * The set-up most case tests share, for the whole file (beforeAll/afterAll): a database copy, an
 * embedded server at `startAt` and one running worker on it; `prepare` seeds the database before the
 * server starts, `deps` gives the worker other activity dependencies than the database alone.
 */
export function useRunningCaseWorker(
  options: CaseServerOptions & { prepare?: (db: Knex) => Promise<void>; deps?: (db: Knex) => ActivitiesDeps } = {},
): RunningCaseWorker {
  const { prepare, deps, ...serverOptions } = options;
  let set: { t: TestDatabase; env?: CaseServer; worker?: Worker; running?: Promise<void> } | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the case worker's ${what} is read before beforeAll set it up`);
    return value;
  };
  beforeAll(async () => {
    set = { t: await createTestDatabase() };
    await prepare?.(set.t.db);
    set.env = await startCaseServer(serverOptions);
    set.worker = await set.env.newWorker(deps ? deps(set.t.db) : { db: set.t.db });
    set.running = set.worker.run();
  }, 120_000);
  afterAll(async () => {
    set?.worker?.shutdown();
    await set?.running;
    await set?.env?.close();
    await set?.t.drop();
  });
  return {
    get t() {
      return ready(set?.t, 'database');
    },
    get db() {
      return ready(set?.t.db, 'database');
    },
    get env() {
      return ready(set?.env, 'server');
    },
    get worker() {
      return ready(set?.worker, 'worker');
    },
  };
}

/** Sends one event through `signal` (given a fresh event id) and waits for its outcome and for the case to settle. */
export async function sendAndSettle(handle: WorkflowHandle, signal: (eventId: string) => Promise<void>) {
  const eventId = randomUUID();
  await signal(eventId);
  const outcome = await waitForEventOutcome(handle, eventId);
  await waitUntilSettled(handle);
  return outcome;
}

/** The Department of Building and Safety and Carla, its permit clerk (u-clerk), with the email address notices go to. */
export async function seedPermitClerk(db: Knex): Promise<void> {
  await upsertDepartment(db, { id: 'building-safety', name: 'Department of Building and Safety' });
  await createUser(db, {
    id: 'u-clerk',
    username: 'carla',
    displayName: 'Carla Clerk',
    email: 'carla@city.example',
    roles: ['permit-clerk'],
    departmentId: 'building-safety',
  });
}

export { createTestDatabase, type TestDatabase };
