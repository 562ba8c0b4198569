/**
 * CivicFlow's periodic work as Temporal schedules, created or brought up to date idempotently at
 * start-up by every process that runs the case worker (the same code on the embedded server and on
 * a real cluster). PERIODIC_JOBS is the one list of periodic jobs: add an entry for new work.
 *
 * Idempotent: a schedule that exists is left alone (its state, counters and catch-up survive
 * restarts) unless its definition changed, which a fingerprint in the scheduled workflows' memo
 * tells; then it is updated in place. A job whose worker capability is missing (e.g. no notification
 * channel) is not created, and paused if it exists; it is unpaused once the capability is back. An
 * operator's own pause is kept.
 */
import { createHash } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleDescription,
} from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  ABANDONED_UPLOAD_HOURS,
  HOUSEKEEPING_WORKFLOW_TYPE,
  OUTBOX_SWEEP_BATCH,
  OUTBOX_SWEEP_WORKFLOW_TYPE,
} from '../workflows/periodic-contract';

/** What a worker may or may not offer; a job that needs one runs only where it is offered. */
export type WorkerCapability = 'notifications';

export interface PeriodicJob {
  /** Names the schedule (and, with the time appended, each run's workflow id). Never rename one. */
  scheduleId: string;
  workflowType: string;
  args: unknown[];
  every: Duration;
  /** A run that could not happen within this long (server down) is skipped, not run late. */
  catchupWindow: Duration;
  overlap: ScheduleOverlapPolicy;
  /** Shown as the schedule's note. */
  description: string;
  requires?: WorkerCapability;
}

export const PERIODIC_JOBS: readonly PeriodicJob[] = [
  {
    scheduleId: 'civicflow-outbox-sweep',
    workflowType: OUTBOX_SWEEP_WORKFLOW_TYPE,
    args: [OUTBOX_SWEEP_BATCH],
    every: '1 minute',
    catchupWindow: '1 minute',
    overlap: ScheduleOverlapPolicy.SKIP,
    description: 'Delivers notices left due in the outbox',
    requires: 'notifications',
  },
  {
    scheduleId: 'civicflow-housekeeping',
    workflowType: HOUSEKEEPING_WORKFLOW_TYPE,
    args: [ABANDONED_UPLOAD_HOURS],
    every: '1 hour',
    catchupWindow: '1 hour',
    overlap: ScheduleOverlapPolicy.SKIP,
    description: 'Removes abandoned portal uploads and quiet throttle counters',
  },
];

const FINGERPRINT_MEMO_KEY = 'civicflowJobFingerprint';
const UNAVAILABLE_NOTE = 'Paused by CivicFlow: the worker lacks';

export type EnsureOutcome = 'created' | 'unchanged' | 'updated' | 'paused (unavailable)' | 'skipped (unavailable)';

/** The schedule a job stands for (pure). */
export function scheduleFor(job: PeriodicJob, taskQueue: string): Omit<ScheduleOptions, 'scheduleId'> {
  const definition = {
    spec: { intervals: [{ every: job.every }] },
    workflowType: job.workflowType,
    args: job.args,
    taskQueue,
    catchupWindow: job.catchupWindow,
    overlap: job.overlap,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
  return {
    spec: definition.spec,
    action: {
      type: 'startWorkflow',
      workflowType: job.workflowType,
      args: job.args,
      taskQueue,
      workflowId: job.scheduleId,
      memo: { [FINGERPRINT_MEMO_KEY]: fingerprint },
    },
    policies: { catchupWindow: job.catchupWindow, overlap: job.overlap },
    state: { note: job.description },
  };
}

function fingerprintOf(description: ScheduleDescription | Omit<ScheduleOptions, 'scheduleId'>): unknown {
  return description.action.memo?.[FINGERPRINT_MEMO_KEY];
}

/** Creates or updates every job's schedule; returns what happened to each (for the start-up log). */
export async function ensurePeriodicSchedules(
  client: Client,
  options: { taskQueue: string; capabilities: readonly WorkerCapability[]; jobs?: readonly PeriodicJob[] },
): Promise<Array<{ scheduleId: string; outcome: EnsureOutcome }>> {
  const results: Array<{ scheduleId: string; outcome: EnsureOutcome }> = [];
  for (const job of options.jobs ?? PERIODIC_JOBS) {
    results.push({
      scheduleId: job.scheduleId,
      outcome: await ensureJob(client, job, options.taskQueue, options.capabilities),
    });
  }
  return results;
}

async function ensureJob(
  client: Client,
  job: PeriodicJob,
  taskQueue: string,
  capabilities: readonly WorkerCapability[],
): Promise<EnsureOutcome> {
  const available = !job.requires || capabilities.includes(job.requires);
  const desired = scheduleFor(job, taskQueue);
  const handle = client.schedule.getHandle(job.scheduleId);
  if (available) {
    try {
      await client.schedule.create({ scheduleId: job.scheduleId, ...desired });
      return 'created';
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
  let current: ScheduleDescription;
  try {
    current = await handle.describe();
  } catch (error) {
    if (!available && error instanceof ScheduleNotFoundError) return 'skipped (unavailable)';
    throw error;
  }
  const ourPause = current.state.paused && (current.state.note ?? '').startsWith(UNAVAILABLE_NOTE);
  if (!available) {
    if (!current.state.paused) await handle.pause(`${UNAVAILABLE_NOTE} ${job.requires ?? ''}`);
    return 'paused (unavailable)';
  }
  if (ourPause) await handle.unpause(job.description);
  if (fingerprintOf(current) === fingerprintOf(desired)) return 'unchanged';
  // Definition changed (new interval, workflow, queue…): update in place, keeping pause and counters.
  await handle.update((previous) => ({
    ...previous,
    spec: desired.spec,
    action: desired.action,
    policies: { ...previous.policies, ...desired.policies },
  }));
  return 'updated';
}
