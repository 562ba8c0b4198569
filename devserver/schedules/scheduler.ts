// The imperative shell of schedules: records in memory and in the store, one async mutex per
// schedule, a timer on the virtual clock for each schedule's next action (so time skipping and
// clock.advance move schedules), and the workflow starts, cancels and terminates through the engine.
//
// Exactly once: the actions a pass decides are saved as `pending` (each start with its own requestId)
// before they are carried out, and a pending start is redone after a crash with the same requestId,
// which the engine de-duplicates.
import type { TimerHandle } from '../clock/virtual-clock';
import type { Engine } from '../engine/engine';
import { ExecutionStatus } from '../engine/enums';
import { isRunning, workflowKey, type ExecutionRecord } from '../engine/execution-record';
import type { ExecutionStore } from '../engine/execution-store';
import { KeyedMutex } from '../engine/keyed-mutex';
import { timestamp, timestampMs } from '../engine/time';
import type { Pb } from '../protocol/proto-codec';
import type { ScheduleRequest, WirePatch } from './schedule-messages';
import { RpcError, alreadyExists, failedPrecondition, invalidArgument, notFound } from '../protocol/rpc-error';
import { addToBuffer, collectDueActions, planOperations, resolveBuffer } from './schedule-decisions';
import { scheduleKey, type PendingOp, type ScheduleRecord } from './schedule-record';
import { SpecTimes } from './schedule-spec';
import { scheduledSearchAttributes, schedulesMatching } from './schedule-listing';
import {
  RECENT_ACTIONS_KEPT,
  conflictTokenOf,
  definitionFromWire,
  describeResponse,
  listEntry,
  manualActionsFromPatch,
} from './schedule-wire';

const SCHEDULER_IDENTITY = 'temporal-sys-scheduler';
const FAILED_STATUSES: readonly number[] = [
  ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
];

interface Live {
  rec: ScheduleRecord;
  times: SpecTimes;
  timer?: TimerHandle;
}

export class Schedules {
  private readonly live = new Map<string, Live>();
  /** Scheduled workflow (namespace + workflow id) → schedule key, to hear about its close. */
  private readonly owners = new Map<string, string>();
  private readonly mutex = new KeyedMutex();
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly store: ExecutionStore,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    engine.closeHooks.push((rec, m) => {
      const key = this.owners.get(workflowKey(rec.namespace, rec.workflowId));
      if (key && rec.status !== (ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW as number))
        m.after.push(() => this.onWorkflowClosed(key, rec));
    });
  }

  /** Loads saved schedules, redoes their pending operations and catches up what fell due while down. */
  async init(): Promise<void> {
    const saved = (await this.store.loadSchedules?.()) ?? [];
    let latest = 0;
    for (const rec of saved) {
      this.index(rec);
      latest = Math.max(latest, rec.processedUntilMs);
    }
    this.engine.clock.moveForwardTo(latest);
    for (const key of [...this.live.keys()]) await this.process(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.live.values()) this.engine.clock.cancel(entry.timer);
    // Let a pass in progress finish its save.
    await Promise.all([...this.live.keys()].map((key) => this.mutex.run(key, () => undefined)));
  }

  count(): number {
    return this.live.size;
  }

  /** Id, workflow type and next action time of every schedule (for the standalone command's output). */
  summaries(): Array<{
    namespace: string;
    scheduleId: string;
    workflowType: string;
    paused: boolean;
    nextActionMs?: number;
  }> {
    return [...this.live.values()].map(({ rec, times }) => {
      const next = times.nextNominal(Math.max(rec.processedUntilMs, this.engine.clock.now()));
      return {
        namespace: rec.namespace,
        scheduleId: rec.scheduleId,
        workflowType: rec.action.startWorkflow?.workflowType?.name ?? '',
        paused: rec.paused,
        ...(next !== undefined ? { nextActionMs: times.actualTime(next) } : {}),
      };
    });
  }

  private index(rec: ScheduleRecord): Live {
    const entry: Live = { rec, times: new SpecTimes(rec.spec, `${rec.namespace}/${rec.scheduleId}`) };
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.live.set(key, entry);
    for (const run of rec.running) this.owners.set(workflowKey(rec.namespace, run.workflowId), key);
    for (const op of rec.pending) this.owners.set(workflowKey(rec.namespace, op.workflowId), key);
    return entry;
  }

  private find(namespace: string, scheduleId: string): Live {
    const entry = this.live.get(scheduleKey(namespace, scheduleId));
    if (!entry) throw notFound(`schedule not found: ${scheduleId}`);
    return entry;
  }

  private async save(rec: ScheduleRecord): Promise<void> {
    rec.version++;
    await this.store.saveSchedule?.(rec);
  }

  // ---------------------------------------------------------------- the pass

  /** One pass: redo leftovers, collect due actions, resolve overlap, save, act, save, re-arm. */
  private process(key: string): Promise<void> {
    return this.mutex.run(key, async () => {
      const entry = this.live.get(key);
      if (!entry || this.closed) return;
      const { rec } = entry;
      if (rec.pending.length > 0) await this.carryOut(rec);
      const before = JSON.stringify(rec);
      this.refreshRunning(rec);
      const caughtUp = collectDueActions(rec, entry.times, this.engine.clock.now());
      planOperations(rec, resolveBuffer(rec, rec.running.length > 0));
      if (JSON.stringify(rec) !== before) await this.save(rec);
      if (rec.pending.length > 0) await this.carryOut(rec);
      this.arm(key, entry, caughtUp);
    });
  }

  private refreshRunning(rec: ScheduleRecord): void {
    rec.running = rec.running.filter((run) => {
      const current = this.engine.currentRun(rec.namespace, run.workflowId);
      const open = !!current && isRunning(current);
      if (!open) {
        this.owners.delete(workflowKey(rec.namespace, run.workflowId));
        rec.cancelRequested = rec.cancelRequested.filter((id) => id !== run.workflowId);
      }
      return open;
    });
  }

  /** Carries out the saved pending operations in order, then saves their results. */
  private async carryOut(rec: ScheduleRecord): Promise<void> {
    const ops = rec.pending.slice();
    for (const op of ops) {
      try {
        await this.perform(rec, op);
      } catch (error) {
        // A start refused (the id is taken) or a stop of a run that already ended: the action is over.
        if (!(error instanceof RpcError)) throw error;
        this.log(`schedule ${rec.scheduleId}: ${op.kind} of ${op.workflowId} failed: ${error.message}`);
      }
      rec.pending.shift();
    }
    await this.save(rec);
  }

  private async perform(rec: ScheduleRecord, op: PendingOp): Promise<void> {
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    if (op.kind !== 'start') {
      const target = {
        namespace: rec.namespace,
        workflowExecution: { workflowId: op.workflowId },
        identity: SCHEDULER_IDENTITY,
      };
      if (op.kind === 'terminate')
        await this.engine.terminate({ ...target, reason: 'terminated by the schedule overlap policy' });
      else await this.engine.requestCancel({ ...target, reason: 'cancelled by the schedule overlap policy' });
      return;
    }
    const start = rec.action.startWorkflow ?? {};
    this.owners.set(workflowKey(rec.namespace, op.workflowId), key);
    const response = (await this.engine.startWorkflow({
      ...start,
      namespace: rec.namespace,
      workflowId: op.workflowId,
      requestId: op.requestId,
      identity: SCHEDULER_IDENTITY,
      searchAttributes: scheduledSearchAttributes(start.searchAttributes, rec.scheduleId, op.nominalMs),
    })) as { runId: string };
    rec.actionCount++;
    if (!rec.running.some((r) => r.workflowId === op.workflowId))
      rec.running.push({ workflowId: op.workflowId, runId: response.runId });
    rec.recent.push({
      scheduleTimeMs: op.actualMs,
      actualTimeMs: this.engine.clock.now(),
      workflowId: op.workflowId,
      runId: response.runId,
    });
    if (rec.recent.length > RECENT_ACTIONS_KEPT) rec.recent.splice(0, rec.recent.length - RECENT_ACTIONS_KEPT);
  }

  /** Arms the clock for the next action time (at once when a backlog remains). */
  private arm(key: string, entry: Live, caughtUp: boolean): void {
    this.engine.clock.cancel(entry.timer);
    entry.timer = undefined;
    if (this.closed) return;
    let due = this.engine.clock.now();
    if (caughtUp) {
      const next = entry.times.nextNominal(entry.rec.processedUntilMs);
      if (next === undefined) return;
      due = entry.times.actualTime(next);
    }
    entry.timer = this.engine.clock.schedule(due, () =>
      this.process(key).catch((error: unknown) => this.log(`schedule ${entry.rec.scheduleId} pass failed`, error)),
    );
  }

  private async onWorkflowClosed(key: string, run: ExecutionRecord): Promise<void> {
    const entry = this.live.get(key);
    if (entry?.rec.pauseOnFailure && FAILED_STATUSES.includes(run.status)) {
      await this.mutex.run(key, async () => {
        entry.rec.paused = true;
        entry.rec.notes = `Schedule paused because workflow ${run.workflowId} failed`;
        await this.save(entry.rec);
      });
    }
    await this.process(key);
  }

  // ---------------------------------------------------------------- RPCs

  async create(req: ScheduleRequest): Promise<Pb> {
    const namespace = req.namespace || 'default';
    const scheduleId = req.scheduleId ?? '';
    if (!scheduleId) throw invalidArgument('ScheduleId is not set on request.');
    const definition = definitionFromWire(req.schedule);
    const key = scheduleKey(namespace, scheduleId);
    await this.mutex.run(key, async () => {
      const existing = this.live.get(key);
      if (existing) {
        if (req.requestId && existing.rec.createRequestId === req.requestId) return;
        throw alreadyExists(`schedule ${scheduleId} already exists`);
      }
      const now = this.engine.clock.now();
      const rec: ScheduleRecord = {
        namespace,
        scheduleId,
        version: 0,
        conflictToken: 1,
        ...definition,
        memo: req.memo,
        searchAttributes: req.searchAttributes,
        createTimeMs: now,
        updateTimeMs: now,
        createRequestId: req.requestId || undefined,
        processedUntilMs: now,
        actionCount: 0,
        missedCatchupWindow: 0,
        overlapSkipped: 0,
        bufferDropped: 0,
        buffer: [],
        running: [],
        cancelRequested: [],
        recent: [],
        pending: [],
      };
      const entry = this.index(rec);
      try {
        if (req.initialPatch) this.applyPatch(entry, req.initialPatch);
        await this.save(rec);
      } catch (error) {
        this.live.delete(key);
        throw error;
      }
    });
    await this.process(key);
    return { conflictToken: conflictTokenOf(this.find(namespace, scheduleId).rec) };
  }

  async describe(req: ScheduleRequest): Promise<Pb> {
    const entry = this.find(req.namespace || 'default', req.scheduleId ?? '');
    return this.mutex.run(scheduleKey(entry.rec.namespace, entry.rec.scheduleId), () =>
      describeResponse(entry.rec, entry.times, this.engine.clock.now(), (id, runId) =>
        this.statusOf(entry.rec.namespace, id, runId),
      ),
    );
  }

  async update(req: ScheduleRequest): Promise<Pb> {
    const namespace = req.namespace || 'default';
    const entry = this.find(namespace, req.scheduleId ?? '');
    const definition = definitionFromWire(req.schedule);
    const key = scheduleKey(namespace, entry.rec.scheduleId);
    await this.mutex.run(key, async () => {
      const { rec } = entry;
      if (req.conflictToken && req.conflictToken !== conflictTokenOf(rec))
        throw failedPrecondition(`schedule ${rec.scheduleId} was changed since it was read (conflict token mismatch)`);
      const now = this.engine.clock.now();
      Object.assign(rec, definition);
      if (req.searchAttributes) rec.searchAttributes = req.searchAttributes;
      if (req.memo) rec.memo = req.memo;
      rec.updateTimeMs = now;
      rec.conflictToken++;
      // Times before the update are not caught up under the new spec.
      rec.processedUntilMs = Math.max(rec.processedUntilMs, now);
      entry.times = new SpecTimes(rec.spec, `${rec.namespace}/${rec.scheduleId}`);
      await this.save(rec);
    });
    await this.process(key);
    return {};
  }

  async patch(req: ScheduleRequest): Promise<Pb> {
    const namespace = req.namespace || 'default';
    const entry = this.find(namespace, req.scheduleId ?? '');
    const key = scheduleKey(namespace, entry.rec.scheduleId);
    await this.mutex.run(key, async () => {
      this.applyPatch(entry, req.patch ?? {});
      await this.save(entry.rec);
    });
    await this.process(key);
    return {};
  }

  private applyPatch(entry: Live, patch: WirePatch): void {
    const { rec } = entry;
    const now = this.engine.clock.now();
    if (patch.pause) {
      rec.paused = true;
      rec.notes = patch.pause;
    }
    if (patch.unpause) {
      rec.paused = false;
      rec.notes = patch.unpause;
      // Times that passed while paused are not caught up.
      rec.processedUntilMs = Math.max(rec.processedUntilMs, now);
    }
    for (const action of manualActionsFromPatch(patch, entry.times, now, rec.overlapPolicy)) addToBuffer(rec, action);
  }

  async delete(req: ScheduleRequest): Promise<Pb> {
    const namespace = req.namespace || 'default';
    const entry = this.find(namespace, req.scheduleId ?? '');
    const key = scheduleKey(namespace, entry.rec.scheduleId);
    await this.mutex.run(key, async () => {
      this.engine.clock.cancel(entry.timer);
      this.live.delete(key);
      for (const [wf, owner] of this.owners) if (owner === key) this.owners.delete(wf);
      await this.store.deleteSchedule?.(namespace, entry.rec.scheduleId);
    });
    return {};
  }

  list(req: ScheduleRequest): Pb {
    const namespace = req.namespace || 'default';
    const records = schedulesMatching(
      [...this.live.values()].map((e) => e.rec).filter((r) => r.namespace === namespace),
      req.query,
    );
    const offset = req.nextPageToken ? Number(Buffer.from(req.nextPageToken, 'base64').toString()) || 0 : 0;
    const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : 1000;
    const page = records.slice(offset, offset + pageSize);
    const now = this.engine.clock.now();
    return {
      schedules: page.map((rec) => {
        const entry = this.find(rec.namespace, rec.scheduleId);
        return listEntry(rec, entry.times, now, (id, runId) => this.statusOf(namespace, id, runId));
      }),
      nextPageToken:
        offset + pageSize < records.length ? Buffer.from(String(offset + pageSize)).toString('base64') : undefined,
    };
  }

  countSchedules(req: ScheduleRequest): Pb {
    const namespace = req.namespace || 'default';
    return {
      count: schedulesMatching(
        [...this.live.values()].map((e) => e.rec).filter((r) => r.namespace === namespace),
        req.query,
      ).length,
    };
  }

  matchingTimes(req: ScheduleRequest): Pb {
    const entry = this.find(req.namespace || 'default', req.scheduleId ?? '');
    const start = timestampMs(req.startTime);
    const end = timestampMs(req.endTime);
    if (start === undefined || end === undefined || end < start)
      throw invalidArgument('A start time before the end time is required.');
    return {
      startTime: entry.times.nominalTimesBetween(start - 1, end, 1000).map((t) => timestamp(entry.times.actualTime(t))),
    };
  }

  private statusOf(namespace: string, workflowId: string, runId: string): number | undefined {
    return this.engine.runsOf(namespace, workflowId).find((r) => r.runId === runId)?.status;
  }
}
