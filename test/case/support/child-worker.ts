/** A worker script in a child process (ts-node), for the crash tests: resolves once it prints READY; `printed` waits for any other line. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { ActivitiesDeps } from '../../../activities/create-activities';
import {
  caseBundleFile,
  createTestDatabase,
  startCaseServer,
  type CaseServer,
  type CaseServerOptions,
  type TestDatabase,
} from './case-harness';

export interface ChildWorker {
  child: ChildProcess;
  /** Resolves when the child has printed `marker`. */
  printed(marker: string): Promise<void>;
}

export function startChildWorker(script: string, env: Record<string, string>): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const waiters: { marker: string; resolve: () => void }[] = [];
  const printed = (marker: string): Promise<void> =>
    output.includes(marker) ? Promise.resolve() : new Promise((resolve) => waiters.push({ marker, resolve }));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child worker exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of waiters.filter((w) => output.includes(w.marker))) waiter.resolve();
      if (output.includes('READY')) resolve({ child, printed });
    });
  });
}

/** What {@link useCrashableWorker} gives a crash test; read it inside tests (it is filled in beforeAll). */
export interface CrashableWorker {
  readonly t: TestDatabase;
  readonly db: Knex;
  readonly env: CaseServer;
  /** Starts `script` (support/*-child.ts) as the worker, told the server, database, task queue and bundle file. */
  startChild(script: string, env?: Record<string, string>): Promise<ChildWorker>;
  /** Kills the child worker with SIGKILL and waits until it is gone. */
  killChild(): Promise<void>;
  /** A worker in this process that takes over from the killed one. */
  startRescueWorker(deps: ActivitiesDeps): Promise<void>;
}

/**
 * The set-up the crash tests share, for the whole file: a database copy (seeded by `prepare`), an
 * embedded server, the case bundle in a file for the child worker to load, and clean-up of whichever
 * workers are still running.
 */
export function useCrashableWorker(
  options: CaseServerOptions & { prepare?: (db: Knex) => Promise<void> } = {},
): CrashableWorker {
  const { prepare, ...serverOptions } = options;
  let t: TestDatabase | undefined;
  let env: CaseServer | undefined;
  let bundleFile = '';
  let child: ChildProcess | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the crash test's ${what} is read before beforeAll set it up`);
    return value;
  };
  beforeAll(async () => {
    t = await createTestDatabase();
    await prepare?.(t.db);
    env = await startCaseServer(serverOptions);
    // The run's bundle file (the integration setup wrote it), not a copy per file.
    const file = await caseBundleFile();
    if (!file) throw new Error('the crash tests need the bundle directory of a jest run (TEST_BUNDLE_DIR)');
    bundleFile = file;
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    worker?.shutdown();
    await running;
    await env?.close();
    await t?.drop();
  });
  return {
    get t() {
      return ready(t, 'database');
    },
    get db() {
      return ready(t?.db, 'database');
    },
    get env() {
      return ready(env, 'server');
    },
    async startChild(script, extra = {}) {
      const server = ready(env, 'server');
      const started = await startChildWorker(script, {
        CASE_ADDRESS: server.server.address,
        CASE_DB_URL: ready(t, 'database').url,
        CASE_TASK_QUEUE: server.taskQueue,
        CASE_BUNDLE_FILE: bundleFile,
        ...extra,
      });
      child = started.child;
      return started;
    },
    async killChild() {
      const dying = child;
      if (!dying) return;
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
      child = undefined;
    },
    async startRescueWorker(deps) {
      worker = await ready(env, 'server').newWorker(deps, { identity: 'rescue-worker' });
      running = worker.run();
    },
  };
}
