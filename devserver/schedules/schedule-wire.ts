// Between the wire (temporal.api.schedule.v1 / workflowservice messages) and schedule records.
import type { Pb } from '../protocol/proto-codec';
import { invalidArgument } from '../protocol/rpc-error';
import { duration, durationMs, timestamp, timestampMs } from '../engine/time';
import type { WirePatch, WireSchedule } from './schedule-messages';
import type { ActionResult, BufferedAction, ScheduleRecord } from './schedule-record';
import { compileSpec, specToWire, type SpecTimes } from './schedule-spec';
import { OverlapPolicy } from './schedule-decisions';

/** The server's defaults: a year of catch-up, never less than 10 s. */
const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3600 * 1000;
const MIN_CATCHUP_WINDOW_MS = 10_000;
export const RECENT_ACTIONS_KEPT = 10;
const FUTURE_ACTION_TIMES = 10;

/** The parts of a record a Schedule message sets (create and update). */
export type ScheduleDefinition = Pick<
  ScheduleRecord,
  | 'spec'
  | 'action'
  | 'overlapPolicy'
  | 'catchupWindowMs'
  | 'pauseOnFailure'
  | 'paused'
  | 'notes'
  | 'limitedActions'
  | 'remainingActions'
>;

export function definitionFromWire(schedule: WireSchedule | undefined): ScheduleDefinition {
  if (!schedule) throw invalidArgument('Schedule is not set on request.');
  const start = schedule.action?.startWorkflow;
  if (!start) throw invalidArgument('Schedule action must start a workflow (action.startWorkflow).');
  if (!start.workflowId) throw invalidArgument('Schedule action workflowId is not set.');
  if (!start.workflowType?.name) throw invalidArgument('Schedule action workflowType is not set.');
  if (!start.taskQueue?.name) throw invalidArgument('Schedule action taskQueue is not set.');
  const policies = schedule.policies ?? {};
  const state = schedule.state ?? {};
  const overlapPolicy = policies.overlapPolicy || OverlapPolicy.SKIP;
  if (overlapPolicy > OverlapPolicy.ALLOW_ALL)
    throw invalidArgument(`unknown schedule overlap policy ${overlapPolicy}`);
  const catchup = durationMs(policies.catchupWindow);
  return {
    spec: compileSpec(schedule.spec),
    action: { startWorkflow: start },
    overlapPolicy,
    catchupWindowMs: catchup ? Math.max(catchup, MIN_CATCHUP_WINDOW_MS) : DEFAULT_CATCHUP_WINDOW_MS,
    pauseOnFailure: policies.pauseOnFailure === true,
    paused: state.paused === true,
    notes: state.notes ?? '',
    limitedActions: state.limitedActions === true,
    remainingActions: state.remainingActions ?? 0,
  };
}

export function scheduleToWire(rec: ScheduleRecord): Pb {
  return {
    spec: specToWire(rec.spec),
    action: rec.action,
    policies: {
      overlapPolicy: rec.overlapPolicy,
      catchupWindow: duration(rec.catchupWindowMs),
      pauseOnFailure: rec.pauseOnFailure,
    },
    state: {
      notes: rec.notes || undefined,
      paused: rec.paused,
      limitedActions: rec.limitedActions,
      remainingActions: rec.remainingActions,
    },
  };
}

export function conflictTokenOf(rec: ScheduleRecord): string {
  return Buffer.from(String(rec.conflictToken)).toString('base64');
}

/** Action times after `fromMs` (as many as remaining actions allow). */
export function futureActionTimes(
  rec: ScheduleRecord,
  times: SpecTimes,
  fromMs: number,
  count = FUTURE_ACTION_TIMES,
): Pb[] {
  const limit = rec.limitedActions ? Math.min(count, Math.max(0, rec.remainingActions)) : count;
  return times
    .nominalTimesBetween(Math.max(fromMs, rec.processedUntilMs), Number.MAX_SAFE_INTEGER, limit)
    .map((t) => timestamp(times.actualTime(t)));
}

export function recentActionsToWire(
  recent: readonly ActionResult[],
  statusOf: (workflowId: string, runId: string) => number | undefined,
): Pb[] {
  return recent.map((r) => ({
    scheduleTime: timestamp(r.scheduleTimeMs),
    actualTime: timestamp(r.actualTimeMs),
    startWorkflowResult: { workflowId: r.workflowId, runId: r.runId },
    startWorkflowStatus: statusOf(r.workflowId, r.runId),
  }));
}

export function describeResponse(
  rec: ScheduleRecord,
  times: SpecTimes,
  now: number,
  statusOf: (workflowId: string, runId: string) => number | undefined,
): Pb {
  return {
    schedule: scheduleToWire(rec),
    info: {
      actionCount: rec.actionCount,
      missedCatchupWindow: rec.missedCatchupWindow,
      overlapSkipped: rec.overlapSkipped,
      bufferDropped: rec.bufferDropped,
      bufferSize: rec.buffer.length,
      runningWorkflows: rec.running.map((r) => ({ workflowId: r.workflowId, runId: r.runId })),
      recentActions: recentActionsToWire(rec.recent, statusOf),
      futureActionTimes: futureActionTimes(rec, times, now),
      createTime: timestamp(rec.createTimeMs),
      updateTime: rec.updateTimeMs !== rec.createTimeMs ? timestamp(rec.updateTimeMs) : undefined,
    },
    memo: rec.memo,
    searchAttributes: rec.searchAttributes,
    conflictToken: conflictTokenOf(rec),
  };
}

export function listEntry(
  rec: ScheduleRecord,
  times: SpecTimes,
  now: number,
  statusOf: (workflowId: string, runId: string) => number | undefined,
): Pb {
  return {
    scheduleId: rec.scheduleId,
    memo: rec.memo,
    searchAttributes: rec.searchAttributes,
    info: {
      spec: specToWire(rec.spec),
      workflowType: rec.action.startWorkflow?.workflowType,
      notes: rec.notes || undefined,
      paused: rec.paused,
      recentActions: recentActionsToWire(rec.recent.slice(-5), statusOf),
      futureActionTimes: futureActionTimes(rec, times, now, 5),
    },
  };
}

/** Backfill ranges and trigger-now from a SchedulePatch, as manual actions (no catch-up window, paused or not). */
export function manualActionsFromPatch(
  patch: WirePatch,
  times: SpecTimes,
  now: number,
  defaultPolicy: number,
): BufferedAction[] {
  const actions: BufferedAction[] = [];
  if (patch.triggerImmediately) {
    const at = timestampMs(patch.triggerImmediately.scheduledTime) ?? now;
    actions.push({
      nominalMs: at,
      actualMs: now,
      overlapPolicy: patch.triggerImmediately.overlapPolicy || defaultPolicy,
      manual: true,
    });
  }
  for (const backfill of patch.backfillRequest ?? []) {
    const start = timestampMs(backfill.startTime);
    const end = timestampMs(backfill.endTime);
    if (start === undefined || end === undefined || end < start)
      throw invalidArgument('Backfill needs a start time before its end time.');
    const policy = backfill.overlapPolicy || defaultPolicy;
    for (const nominal of times.nominalTimesBetween(start - 1, end, 10_000))
      actions.push({ nominalMs: nominal, actualMs: times.actualTime(nominal), overlapPolicy: policy, manual: true });
  }
  return actions;
}
