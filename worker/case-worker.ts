/**
 * The one place that joins the case workflow with its activities: a Temporal worker on the case task
 * queue. Tests and the benchmark pass a pre-built bundle so the workflow code is bundled once; the
 * platform's processes load the file WORKFLOW_BUNDLE_PATH names when it is set (scripts/bundle-workflows.ts).
 */
import path from 'node:path';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivitiesDeps } from '../activities/create-activities';
import { CASE_TASK_QUEUE } from '../workflows/case-contract';

export const CASE_WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

export interface CaseWorkerOptions {
  connection: NativeConnection;
  taskQueue?: string;
  namespace?: string;
  activitiesDeps: ActivitiesDeps;
  /** A bundle from {@link bundleCaseWorkflows}; without it the worker bundles the workflows itself. */
  workflowBundle?: NonNullable<WorkerOptions['workflowBundle']>;
  /** A file written by scripts/bundle-workflows.ts (config `temporal.workflowBundlePath`), when no `workflowBundle` is given. */
  workflowBundlePath?: string;
  /** Config `temporal.workflowCacheSize` (the SDK's maxCachedWorkflows); absent (tests): the SDK's default. */
  workflowCacheSize?: number | undefined;
  /** Extra SDK worker options (identity, concurrency, cache size…). */
  worker?: Partial<WorkerOptions>;
}

/**
 * Evaluated once per worker thread and shared by every workflow, instead of once per cached workflow:
 * the date library and its tz database (most of the bundle's 5.7 MB), the pure interpreter with the
 * domain modules it imports, the shared copy of each definition version (workflows/shared-definitions.ts)
 * and the workflow modules themselves (which import all of the others; those are named for the reader).
 * None holds state apart from deterministic caches (compiled calendars, zones, definitions by content
 * hash) and module-level constants, so sharing them cannot leak one case's state into another.
 */
export const SHARED_WORKFLOW_MODULES = [
  '@js-joda/core',
  '@js-joda/timezone',
  path.join(__dirname, '..', 'interpreter', 'index.ts'),
  path.join(__dirname, '..', 'workflows', 'shared-definitions.ts'),
  CASE_WORKFLOWS_PATH,
];

/** Bundles the case workflow code once (a few seconds); reuse the result for every worker. */
export function bundleCaseWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: CASE_WORKFLOWS_PATH,
    logger: quietBundlerLogger,
    preloadModules: SHARED_WORKFLOW_MODULES,
  });
}

const noop = (): void => undefined;
const quietBundlerLogger = {
  log: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (message: string) => console.error(message),
};

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const workflowBundle =
    options.workflowBundle ?? (options.workflowBundlePath ? { codePath: options.workflowBundlePath } : undefined);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
    ...(workflowBundle
      ? { workflowBundle }
      : { workflowsPath: CASE_WORKFLOWS_PATH, bundlerOptions: { preloadModules: SHARED_WORKFLOW_MODULES } }),
    activities: createActivities(options.activitiesDeps),
    ...(options.workflowCacheSize !== undefined ? { maxCachedWorkflows: options.workflowCacheSize } : {}),
    ...options.worker,
  });
}
