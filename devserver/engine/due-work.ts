// Everything in a run that happens at a point in time, derived from due times in the record:
// one clock timer per run is armed at the earliest of them.
import { activityDueMs, minPositive, processDueActivity, recoverActivity } from './activities';
import { EventType, ExecutionStatus, RetryState } from './enums';
import { isRunning, type ExecutionRecord } from './execution-record';
import {
  addExternalEvents,
  closeRun,
  newEvent,
  releaseWorkflowTaskBackoff,
  timeOutStickyWorkflowTask,
} from './history';
import type { Mutation } from './mutation';
import { timeOutWorkflowTask } from './workflow-task';

export function nextDueMs(rec: ExecutionRecord): number {
  if (!isRunning(rec)) return 0;
  const candidates = [rec.runExpiresAtMs, rec.executionExpiresAtMs];
  const wft = rec.workflowTask;
  if (wft && wft.startedEventId > 0) candidates.push(wft.timeoutAtMs);
  if (wft && wft.backoffUntilMs) candidates.push(wft.backoffUntilMs);
  if (wft && wft.startedEventId === 0 && wft.stickyQueue && wft.stickyTimeoutAtMs)
    candidates.push(wft.stickyTimeoutAtMs);
  for (const timer of Object.values(rec.timers)) candidates.push(timer.firesAtMs);
  for (const act of Object.values(rec.activities)) candidates.push(activityDueMs(act));
  return minPositive(candidates);
}

export function processDue(rec: ExecutionRecord, m: Mutation): void {
  if (!isRunning(rec)) return;
  const now = m.now;
  const expiry = minPositive([rec.runExpiresAtMs, rec.executionExpiresAtMs]);
  if (expiry && expiry <= now) {
    closeRun(
      rec,
      m,
      ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
      { retryState: RetryState.RETRY_STATE_TIMEOUT },
      true,
    );
    return;
  }
  const wft = rec.workflowTask;
  if (wft && wft.startedEventId > 0 && wft.timeoutAtMs <= now) timeOutWorkflowTask(rec, m);
  if (wft && wft.startedEventId === 0 && wft.stickyQueue && (wft.stickyTimeoutAtMs ?? 0) <= now)
    timeOutStickyWorkflowTask(rec, m);
  releaseWorkflowTaskBackoff(rec, m);

  const fired = Object.values(rec.timers)
    .filter((t) => t.firesAtMs <= now)
    .sort((a, b) => a.firesAtMs - b.firesAtMs || a.startedEventId - b.startedEventId);
  if (fired.length > 0) {
    for (const t of fired) delete rec.timers[t.timerId];
    addExternalEvents(
      rec,
      m,
      fired.map((t) =>
        newEvent(now, EventType.EVENT_TYPE_TIMER_FIRED, { timerId: t.timerId, startedEventId: t.startedEventId }),
      ),
    );
  }
  for (const act of Object.values(rec.activities)) {
    const due = activityDueMs(act);
    if (due && due <= now) processDueActivity(rec, m, act);
  }
}

/**
 * After a restart: started workflow tasks and activity attempts stay started, as on a real server, so
 * a worker that outlived the server can still complete them; their persisted timeouts (re-armed with
 * the run) end them otherwise. Scheduled tasks are offered to pollers again. Due timers fire through
 * the normal arming.
 */
export function recoverRun(rec: ExecutionRecord, m: Mutation): void {
  if (!isRunning(rec)) return;
  const wft = rec.workflowTask;
  // A started task always has a deadline; one without (never written so) would wait forever.
  if (wft && wft.startedEventId > 0 && !wft.timeoutAtMs) timeOutWorkflowTask(rec, m);
  else if (wft && wft.startedEventId === 0 && !wft.backoffUntilMs) m.workflowTasks.add(rec);
  for (const act of Object.values(rec.activities)) recoverActivity(rec, m, act);
}
