// The functional core of a schedule: which nominal times are due, and what the overlap policy makes
// of the buffered actions (after the server's scheduler workflow: ProcessBuffer). No I/O: the caller
// saves the record and carries out the pending operations.
import { randomUUID } from 'node:crypto';
import type { BufferedAction, ScheduleRecord } from './schedule-record';
import type { SpecTimes } from './schedule-spec';

export const OverlapPolicy = {
  UNSPECIFIED: 0,
  SKIP: 1,
  BUFFER_ONE: 2,
  BUFFER_ALL: 3,
  CANCEL_OTHER: 4,
  TERMINATE_OTHER: 5,
  ALLOW_ALL: 6,
} as const;

/** Buffered actions beyond this are dropped (counted in bufferDropped), as on the server. */
export const BUFFER_LIMIT = 1000;
/** Nominal times handled per pass; a longer backlog (a tiny interval after long downtime) continues in the next pass. */
export const MAX_TIMES_PER_PASS = 10_000;

export function addToBuffer(rec: ScheduleRecord, action: BufferedAction): void {
  if (rec.buffer.length >= BUFFER_LIMIT) rec.bufferDropped++;
  else rec.buffer.push(action);
}

/**
 * Moves every nominal time whose action time has come (up to `now`) past `processedUntilMs`: taken
 * into the buffer, or passed over while paused / out of remaining actions, or counted as missed when
 * older than the catch-up window (after downtime). Returns false when the backlog was cut short.
 */
export function collectDueActions(rec: ScheduleRecord, times: SpecTimes, now: number): boolean {
  for (let handled = 0; handled < MAX_TIMES_PER_PASS; handled++) {
    const nominal = times.nextNominal(rec.processedUntilMs);
    if (nominal === undefined) return true;
    const actual = times.actualTime(nominal);
    if (actual > now) return true;
    rec.processedUntilMs = nominal;
    if (rec.paused) continue;
    if (rec.limitedActions && rec.remainingActions - queuedScheduled(rec) <= 0) continue;
    if (now - actual > rec.catchupWindowMs) {
      rec.missedCatchupWindow++;
      continue;
    }
    addToBuffer(rec, { nominalMs: nominal, actualMs: actual, overlapPolicy: rec.overlapPolicy, manual: false });
  }
  return false;
}

/** Scheduled (not manual) actions waiting in the buffer: they use up remaining actions when they start. */
function queuedScheduled(rec: ScheduleRecord): number {
  return rec.buffer.filter((b) => !b.manual).length;
}

export interface BufferOutcome {
  starts: BufferedAction[];
  needCancel: boolean;
  needTerminate: boolean;
}

/**
 * Resolves the buffer against the running workflows: the first action starts when nothing runs;
 * otherwise SKIP drops it, BUFFER_ONE keeps the first, BUFFER_ALL keeps all, CANCEL_OTHER and
 * TERMINATE_OTHER keep the last and stop the running ones, ALLOW_ALL starts it anyway.
 */
export function resolveBuffer(rec: ScheduleRecord, running: boolean): BufferOutcome {
  const outcome: BufferOutcome = { starts: [], needCancel: false, needTerminate: false };
  let newBuffer: BufferedAction[] = [];
  let busy = running;
  for (const action of rec.buffer) {
    const policy = action.overlapPolicy || rec.overlapPolicy || OverlapPolicy.SKIP;
    if (!busy && newBuffer.length === 0) {
      outcome.starts.push(action);
      busy = true;
      continue;
    }
    switch (policy) {
      case OverlapPolicy.BUFFER_ONE:
        if (newBuffer.length === 0) newBuffer.push(action);
        else rec.overlapSkipped++;
        break;
      case OverlapPolicy.BUFFER_ALL:
        newBuffer.push(action);
        break;
      case OverlapPolicy.CANCEL_OTHER:
      case OverlapPolicy.TERMINATE_OTHER:
        rec.overlapSkipped += newBuffer.length;
        newBuffer = [action];
        if (policy === OverlapPolicy.CANCEL_OTHER) outcome.needCancel = true;
        else outcome.needTerminate = true;
        break;
      case OverlapPolicy.ALLOW_ALL:
        outcome.starts.push(action);
        break;
      default:
        rec.overlapSkipped++;
    }
  }
  rec.buffer = newBuffer;
  return outcome;
}

/** The id of the workflow an action starts: the action's id with the nominal time appended (as the server does). */
export function scheduledWorkflowId(baseId: string, nominalMs: number): string {
  return `${baseId}-${new Date(nominalMs).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}

/** Turns the buffer outcome into pending operations (saved before they are carried out). */
export function planOperations(rec: ScheduleRecord, outcome: BufferOutcome): void {
  const baseId: string = rec.action.startWorkflow?.workflowId ?? rec.scheduleId;
  for (const start of outcome.starts) {
    if (!start.manual && rec.limitedActions) {
      if (rec.remainingActions <= 0) continue;
      rec.remainingActions--;
    }
    rec.pending.push({
      kind: 'start',
      nominalMs: start.nominalMs,
      actualMs: start.actualMs,
      workflowId: scheduledWorkflowId(baseId, start.nominalMs),
      requestId: randomUUID(),
      manual: start.manual,
    });
  }
  const stop = outcome.needTerminate ? 'terminate' : outcome.needCancel ? 'cancel' : undefined;
  if (!stop) return;
  for (const run of rec.running) {
    if (stop === 'cancel' && rec.cancelRequested.includes(run.workflowId)) continue;
    if (stop === 'cancel') rec.cancelRequested.push(run.workflowId);
    rec.pending.push({ kind: stop, workflowId: run.workflowId, runId: run.runId });
  }
}
