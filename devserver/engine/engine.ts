// The imperative shell around the execution records: indexes, per-workflow serialization, saving,
// task matching, timers on the virtual clock, long polls and queries.
import { randomUUID } from 'node:crypto';
import type { VirtualClock, TimerHandle } from '../clock/virtual-clock';
import type { Pb } from '../protocol/proto-codec';
import { RpcError, alreadyExists, invalidArgument, notFound } from '../protocol/rpc-error';
import {
  completeActivity,
  cancelStartedActivity,
  failActivity,
  findActivityById,
  recordHeartbeat,
  startActivityAttempt,
} from './activities';
import { describeExecution, executionInfo } from './describe';
import { nextDueMs, processDue, recoverRun } from './due-work';
import { HistoryCache, residentEvents } from './history-cache';
import {
  ConflictPolicy,
  EventType,
  ExecutionStatus,
  HistoryEventFilterType,
  QueryRejectCondition,
  QueryResultType,
  ReusePolicy,
  TaskQueueKind,
} from './enums';
import {
  isRunning,
  recordRunKey,
  runKey,
  workflowKey,
  type ActivityState,
  type ExecutionRecord,
} from './execution-record';
import type { ExecutionStore } from './execution-store';
import { addExternalEvent, closeRun, unstickWorkflowTask } from './history';
import { KeyedMutex } from './keyed-mutex';
import { Mutation } from './mutation';
import { QueryRegistry, type PendingQuery, type QueryOutcome } from './query-registry';
import { createRun, runSpecFromStartRequest } from './start-workflow';
import { TaskQueue } from './task-queue';
import { decodeTaskToken, encodeTaskToken } from './task-token';
import { timestamp, timestampMs } from './time';
import {
  completeWorkflowTask,
  failStartedWorkflowTask,
  isCurrentWorkflowTask,
  sendsPartialHistory,
  startWorkflowTask,
  type ContinueAsNewSuggestion,
} from './workflow-task';
import type { CommandServices } from './commands';
import { CrossWorkflow } from './cross-workflow';
import { committedRun, markCommitted } from './committed-run';
import { admitUpdate } from './updates';
import { updates, updateStage, UpdateStage } from './update-state';

export interface EngineOptions {
  clock: VirtualClock;
  store: ExecutionStore;
  /** Long-poll timeout for task polls and history waits (the SDK's own deadline is ~70 s). */
  longPollTimeoutMs: number;
  suggestContinueAsNew: ContinueAsNewSuggestion;
  /** How long a query waits for a worker's answer. */
  queryTimeoutMs: number;
  log: (message: string, error?: unknown) => void;
  /** Encoded bytes of history kept in memory when the store can give events back (default 16 MiB). */
  historyCacheBytes?: number;
}

// As objects, events take about 1.5 to 2 times their encoded size (a case in triage: 12 KB encoded,
// 18 KB of heap), so 16 MiB is some 30 MB of heap: the whole histories of about 1,400 cases.
const DEFAULT_HISTORY_CACHE_BYTES = 16 * 1024 * 1024;

/** A sticky queue nobody polled for this long has lost its worker (Temporal's sticky poller window). */
const STICKY_WORKER_GONE_MS = 10_000;

type WorkflowQueueEntry = { kind: 'task'; runKey: string } | { kind: 'query'; queryId: string };
interface ActivityQueueEntry {
  runKey: string;
  scheduledEventId: number;
}

/** Hook run inside the mutation that closed a run (e.g. to notify a parent workflow). */
export type CloseHook = (rec: ExecutionRecord, m: Mutation) => void;

export class Engine {
  readonly clock: VirtualClock;
  private readonly store: ExecutionStore;
  private readonly opts: EngineOptions;
  private readonly runs = new Map<string, ExecutionRecord>();
  private readonly runsByWorkflow = new Map<string, ExecutionRecord[]>();
  private readonly mutex = new KeyedMutex();
  private readonly workflowQueues = new Map<string, TaskQueue<WorkflowQueueEntry>>();
  private readonly activityQueues = new Map<string, TaskQueue<ActivityQueueEntry>>();
  private readonly armed = new Map<string, TimerHandle>();
  private readonly heldLocks = new Map<string, number>();
  /** Runs whose workflow task a worker is processing right now (or holds on its sticky queue). */
  private readonly busyRuns = new Set<string>();
  /** When each sticky queue was last polled (real time): a worker that stopped polling is gone. */
  private readonly stickyPolls = new Map<string, number>();
  private readonly historyWaiters = new Map<string, Set<() => void>>();
  private readonly queries = new QueryRegistry();
  /** Queries waiting for an answer. */
  pendingQueries(): number {
    return this.queries.byId.size;
  }

  /** How queries were delivered (for tests and diagnostics). */
  readonly queryStats = { attached: 0, deferred: 0, legacy: 0, sticky: 0 };
  /** Workflow tasks delivered with full history or (sticky) only new events, for tests and diagnostics. */
  readonly workflowTaskStats = { full: 0, partial: 0 };
  /** Starts answered with their first workflow task (eager workflow start), for tests and diagnostics. */
  eagerStarts = 0;
  private readonly background = new Set<Promise<unknown>>();
  readonly closeHooks: CloseHook[] = [];
  private closed = false;
  private readonly cross: CrossWorkflow;
  readonly services: CommandServices;
  /** Histories in memory; the rest of each run's history is in the store only. */
  readonly histories: HistoryCache;

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    this.store = opts.store;
    this.cross = new CrossWorkflow(this);
    this.histories = new HistoryCache({
      budgetBytes: opts.historyCacheBytes ?? DEFAULT_HISTORY_CACHE_BYTES,
      loadEvents: opts.store.loadEvents?.bind(opts.store),
      isLocked: (rec) => this.mutex.isLocked(workflowKey(rec.namespace, rec.workflowId)),
      savedLength: (rec) => committedRun(rec)?.historyLength ?? 0,
    });
    this.services = {
      newRunId: () => randomUUID(),
      startChild: (parent, id) => this.cross.startChild(parent, id),
      signalExternal: (source, id) => this.cross.signalExternal(source, id),
      cancelExternal: (source, id) => this.cross.cancelExternal(source, id),
    };
    this.closeHooks.push((rec, m) => this.cross.onClose(rec, m));
    this.clock.setBusyProbe(() => this.busyRuns.size > 0);
  }

  newRunId(): string {
    return randomUUID();
  }

  runByKey(key: string): ExecutionRecord | undefined {
    return this.runs.get(key);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Loads stored runs, re-arms their timers and re-queues their tasks. */
  async init(): Promise<void> {
    const records = await this.store.loadAll({ lastEventOnly: this.histories.enabled });
    // Oldest first, so the last run of a workflow id is its current run (a running one wins a tie).
    records.sort((a, b) => a.startTimeMs - b.startTimeMs || Number(isRunning(a)) - Number(isRunning(b)));
    for (const rec of records) {
      this.index(rec);
      markCommitted(rec);
    }
    // Virtual time never goes backwards across a restart (it may have been skipped ahead before).
    let latest = 0;
    for (const rec of records)
      latest = Math.max(latest, timestampMs(rec.history[rec.history.length - 1]?.eventTime) ?? 0);
    this.clock.moveForwardTo(latest);
    const running = records.filter(isRunning);
    // Runs the cache never drops (see history-cache.ts) need their whole history from the start.
    for (const rec of running) await this.histories.ensureKept(rec);
    // Only records recovery actually changes are saved again; timers and locks are re-derived for all.
    for (let i = 0; i < running.length; i += 100) {
      await Promise.all(
        running.slice(i, i + 100).map(async (rec) => {
          await this.mutate(rec.namespace, rec.workflowId, (m) => {
            recoverRun(rec, m);
            this.cross.recover(rec, m);
          });
          this.rearm(rec);
          this.updateLocks(rec);
        }),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.workflowQueues.values()) q.releaseAll();
    for (const q of this.activityQueues.values()) q.releaseAll();
    for (const h of this.armed.values()) this.clock.cancel(h);
    this.armed.clear();
    for (const waiters of this.historyWaiters.values()) for (const w of waiters) w();
    await Promise.allSettled([...this.background]);
  }

  // ---------------------------------------------------------------- lookup

  private index(rec: ExecutionRecord): void {
    this.runs.set(recordRunKey(rec), rec);
    const key = workflowKey(rec.namespace, rec.workflowId);
    const list = this.runsByWorkflow.get(key);
    if (list) list.push(rec);
    else this.runsByWorkflow.set(key, [rec]);
  }

  currentRun(namespace: string, workflowId: string): ExecutionRecord | undefined {
    const list = this.runsByWorkflow.get(workflowKey(namespace, workflowId));
    return list?.[list.length - 1];
  }

  /** The run named by (workflowId, runId?) — the current run when runId is empty. */
  findRun(namespace: string, workflowId: string, runId?: string): ExecutionRecord {
    const rec = runId ? this.runs.get(runKey(namespace, workflowId, runId)) : this.currentRun(namespace, workflowId);
    if (!rec) throw notFound(`Workflow execution not found: workflowId=${workflowId} runId=${runId ?? ''}`);
    return rec;
  }

  /** Every run of a workflow id, oldest first (read-only). */
  runsOf(namespace: string, workflowId: string): readonly ExecutionRecord[] {
    return this.runsByWorkflow.get(workflowKey(namespace, workflowId)) ?? [];
  }

  /** All runs (read-only), e.g. for visibility. */
  allRuns(): IterableIterator<ExecutionRecord> {
    return this.runs.values();
  }

  runCount(): number {
    return this.runs.size;
  }

  // ---------------------------------------------------------------- mutation

  /** Runs `fn` serialized per workflow id, saves every changed record, then applies effects. */
  async mutate<T>(
    namespace: string,
    workflowId: string,
    fn: (m: Mutation) => T,
    prepare?: () => Promise<void>,
  ): Promise<T> {
    const result = await this.mutex.run(workflowKey(namespace, workflowId), async () => {
      // E.g. loading a history the change reads; under the lock, so nothing drops it meanwhile.
      if (prepare) await prepare();
      const m = new Mutation(this.clock.now());
      let result: T;
      try {
        result = fn(m);
      } finally {
        await this.commit(m);
      }
      return result;
    });
    // Outside the lock, so the run just changed can go too.
    this.histories.trim();
    return result;
  }

  private async commit(m: Mutation): Promise<void> {
    for (const rec of m.created) {
      this.index(rec);
      m.touch(rec);
    }
    for (const rec of m.closed) for (const hook of this.closeHooks) hook(rec, m);
    const dirty = [...m.dirty];
    for (const rec of dirty) rec.version++;
    // A change touching two runs (continue-as-new, retry chaining) is durable all at once when the store can.
    if (this.store.saveMany && dirty.length > 0) await this.store.saveMany(dirty);
    else for (const rec of dirty) await this.store.save(rec);
    for (const rec of m.dirty) {
      markCommitted(rec);
      this.rearm(rec);
      this.updateLocks(rec);
      this.notifyHistory(rec);
      this.rerouteQueries(rec);
      this.histories.touch(rec);
    }
    const workflowTasks = [...m.workflowTasks];
    const activityTasks = m.activityTasks.slice();
    if (workflowTasks.length > 0 || activityTasks.length > 0) {
      // Matching happens after the mutation is saved, never in the middle of it.
      queueMicrotask(() => {
        for (const rec of workflowTasks) {
          const wft = rec.workflowTask;
          if (wft && wft.startedEventId === 0 && !wft.backoffUntilMs && isRunning(rec)) {
            // A sticky task whose worker stopped polling goes to the normal queue (full history) at once.
            const queue =
              wft.stickyQueue && this.stickyWorkerPresent(rec.namespace, wft.stickyQueue)
                ? wft.stickyQueue
                : rec.taskQueue;
            this.workflowQueue(rec.namespace, queue).offer({ kind: 'task', runKey: recordRunKey(rec) });
          }
        }
        for (const { rec, scheduledEventId } of activityTasks) {
          const act = rec.activities[scheduledEventId];
          if (act && act.phase === 'scheduled') {
            this.activityQueue(rec.namespace, act.taskQueue).offer({ runKey: recordRunKey(rec), scheduledEventId });
          }
        }
      });
    }
    for (const effect of m.after) this.runInBackground(async () => effect());
  }

  /** Runs work outside the current lock (cross-workflow effects), tracked for shutdown. */
  runInBackground(work: () => Promise<unknown>): void {
    const p = Promise.resolve()
      .then(work)
      .catch((err: unknown) => this.opts.log('background effect failed', err))
      .finally(() => this.background.delete(p));
    this.background.add(p);
  }

  private rearm(rec: ExecutionRecord): void {
    const key = recordRunKey(rec);
    const due = nextDueMs(rec);
    const existing = this.armed.get(key);
    if (existing && existing.dueMs === due) return;
    if (existing) {
      this.clock.cancel(existing);
      this.armed.delete(key);
    }
    if (!due || this.closed) return;
    const handle = this.clock.schedule(due, async () => {
      if (this.armed.get(key) === handle) this.armed.delete(key);
      try {
        await this.mutate(rec.namespace, rec.workflowId, (m) => processDue(rec, m));
      } catch (err) {
        this.opts.log(`timer processing failed for ${rec.workflowId}`, err);
      }
    });
    this.armed.set(key, handle);
  }

  /** Outstanding workflow tasks and activity attempts hold time-skipping locks. */
  private updateLocks(rec: ExecutionRecord): void {
    const key = recordRunKey(rec);
    // A task waiting on a sticky queue is as good as started, and an activity attempt a worker holds is
    // in progress too: clock.advance must not time either out by the jump itself.
    const wft = rec.workflowTask;
    const workflowTaskBusy = !!wft && (wft.startedEventId > 0 || Boolean(wft.stickyQueue));
    const activityBusy = Object.values(rec.activities).some((a) => a.phase === 'started');
    if (isRunning(rec) && (workflowTaskBusy || activityBusy)) this.busyRuns.add(key);
    else this.busyRuns.delete(key);
    let held = 0;
    if (isRunning(rec)) {
      if (rec.workflowTask && !rec.workflowTask.backoffUntilMs) held++;
      for (const a of Object.values(rec.activities)) if (a.phase !== 'backoff') held++;
    }
    const before = this.heldLocks.get(key) ?? 0;
    if (held === before) return;
    if (held === 0) this.heldLocks.delete(key);
    else this.heldLocks.set(key, held);
    this.clock.adjustLocks(held - before);
  }

  private workflowQueue(namespace: string, name: string): TaskQueue<WorkflowQueueEntry> {
    const key = `${namespace}\u0000${name}`;
    let q = this.workflowQueues.get(key);
    if (!q) this.workflowQueues.set(key, (q = new TaskQueue()));
    return q;
  }

  private activityQueue(namespace: string, name: string): TaskQueue<ActivityQueueEntry> {
    const key = `${namespace}\u0000${name}`;
    let q = this.activityQueues.get(key);
    if (!q) this.activityQueues.set(key, (q = new TaskQueue()));
    return q;
  }

  // ---------------------------------------------------------------- history waits

  private notifyHistory(rec: ExecutionRecord): void {
    const waiters = this.historyWaiters.get(recordRunKey(rec));
    if (!waiters) return;
    for (const w of [...waiters]) w();
  }

  /** Waits until `ready()` holds for the run (checked after each change), or timeout/cancel. */
  private async waitForRun(
    rec: ExecutionRecord,
    ready: () => boolean,
    signal: AbortSignal,
    timeoutMs = this.opts.longPollTimeoutMs,
  ): Promise<boolean> {
    if (ready()) return true;
    if (this.closed || signal.aborted) return false;
    const key = recordRunKey(rec);
    return new Promise<boolean>((resolve) => {
      let set = this.historyWaiters.get(key);
      if (!set) this.historyWaiters.set(key, (set = new Set()));
      const waiters = set;
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        waiters.delete(check);
        if (waiters.size === 0 && this.historyWaiters.get(key) === waiters) this.historyWaiters.delete(key);
        resolve(value);
      };
      const check = (): void => {
        if (ready()) finish(true);
        else if (this.closed) finish(false);
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal.addEventListener('abort', onAbort);
      waiters.add(check);
    });
  }

  // ---------------------------------------------------------------- start, signal, cancel, terminate

  async startWorkflow(req: Pb): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    if (!req.workflowId) throw invalidArgument('WorkflowId is not set on request.');
    // Validate before admitStart: a TERMINATE_EXISTING start must not terminate for an invalid request.
    const spec = runSpecFromStartRequest(req, randomUUID());
    return this.mutate(namespace, req.workflowId, (m) => {
      const existing = this.admitStart(namespace, req, m);
      if (existing) return existing;
      const rec = createRun(spec, m);
      // Eager start: the SDK asks only when a worker sharing the client's connection has a free slot
      // on this queue, so the first task goes back in the response instead of through a poll.
      const eagerWorkflowTask = req.requestEagerExecution
        ? startWorkflowTask(rec, m, req.identity ?? '', randomUUID(), this.opts.suggestContinueAsNew)
        : undefined;
      if (eagerWorkflowTask) this.eagerStarts++;
      return { runId: rec.runId, started: true, status: rec.status, eagerWorkflowTask };
    });
  }

  /**
   * Applies requestId de-duplication and the id conflict/reuse policies. Returns a response when
   * no new run must be started; throws ALREADY_EXISTS when the start is refused.
   */
  admitStart(namespace: string, req: Pb, m: Mutation): Pb | undefined {
    const current = this.currentRun(namespace, req.workflowId);
    if (!current) return undefined;
    if (req.requestId && current.requestIds.includes(req.requestId)) {
      return { runId: current.runId, started: true, status: current.status };
    }
    if (isRunning(current)) {
      const conflict: number = req.workflowIdConflictPolicy ?? 0;
      const reuse: number = req.workflowIdReusePolicy ?? 0;
      if (conflict === ConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
        return { runId: current.runId, started: false, status: current.status };
      }
      if (
        conflict === ConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
        reuse === ReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING
      ) {
        closeRun(
          current,
          m,
          ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          { reason: 'terminated by a new start (id conflict policy)', identity: req.identity },
          true,
        );
        return undefined;
      }
      throw alreadyExists(
        `Workflow execution is already running. WorkflowId: ${req.workflowId}, RunId: ${current.runId}.`,
      );
    }
    const reuse: number = req.workflowIdReusePolicy ?? 0;
    if (reuse === ReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
      throw alreadyExists(
        `Workflow execution already finished and the id reuse policy rejects duplicates. WorkflowId: ${req.workflowId}.`,
      );
    }
    if (
      reuse === ReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
      current.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
    ) {
      throw alreadyExists(
        `Workflow execution already completed successfully; reuse policy allows failed runs only. WorkflowId: ${req.workflowId}.`,
      );
    }
    return undefined;
  }

  async signalWithStart(req: Pb): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    if (!req.workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
    const spec = runSpecFromStartRequest(req, randomUUID());
    spec.signal = { signalName: req.signalName, input: req.signalInput, header: req.header, identity: req.identity };
    return this.mutate(namespace, req.workflowId, (m) => {
      const current = this.currentRun(namespace, req.workflowId);
      if (
        current &&
        isRunning(current) &&
        req.workflowIdConflictPolicy !== ConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING
      ) {
        this.applySignal(current, m, { ...req, input: req.signalInput });
        return { runId: current.runId, started: false };
      }
      const existing = this.admitStart(namespace, req, m);
      if (existing) return existing;
      const rec = createRun(spec, m);
      return { runId: rec.runId, started: true };
    });
  }

  applySignal(rec: ExecutionRecord, m: Mutation, req: Pb): void {
    const seen = (rec.ext.signalRequestIds ?? { ids: [] }) as { ids: string[] };
    if (req.requestId) {
      if (seen.ids.includes(req.requestId)) return;
      seen.ids.push(req.requestId);
      if (seen.ids.length > 100) seen.ids.shift();
      rec.ext.signalRequestIds = seen;
    }
    addExternalEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
      signalName: req.signalName,
      input: req.input,
      identity: req.identity,
      header: req.header,
      externalWorkflowExecution: req.externalWorkflowExecution,
    });
  }

  /** Signal, cancel and terminate: the named execution must be running; the change is one mutation. */
  private async mutateRunningExecution(req: Pb, apply: (rec: ExecutionRecord, m: Mutation) => void): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.workflowExecution ?? {};
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    return this.mutate(namespace, workflowId, (m) => {
      const rec = this.findRun(namespace, workflowId, runId);
      if (!isRunning(rec)) throw notFound('workflow execution already completed');
      apply(rec, m);
      return {};
    });
  }

  signal(req: Pb): Promise<Pb> {
    return this.mutateRunningExecution(req, (rec, m) => this.applySignal(rec, m, req));
  }

  requestCancel(req: Pb): Promise<Pb> {
    return this.mutateRunningExecution(req, (rec, m) => this.applyCancelRequest(rec, m, req));
  }

  applyCancelRequest(rec: ExecutionRecord, m: Mutation, req: Pb): void {
    if (rec.cancelRequested) return;
    rec.cancelRequested = true;
    addExternalEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
      cause: req.reason,
      identity: req.identity,
      externalInitiatedEventId: req.externalInitiatedEventId,
      externalWorkflowExecution: req.externalWorkflowExecution,
    });
  }

  terminateRun(rec: ExecutionRecord, m: Mutation, reason: string, details?: Pb, identity?: string): void {
    closeRun(
      rec,
      m,
      ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
      { reason, details, identity },
      true,
    );
  }

  terminate(req: Pb): Promise<Pb> {
    return this.mutateRunningExecution(req, (rec, m) =>
      this.terminateRun(rec, m, req.reason, req.details, req.identity),
    );
  }

  async describe(req: Pb): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.execution ?? {};
    return this.readSaved(namespace, workflowId ?? '', () =>
      describeExecution(this.findRun(namespace, workflowId ?? '', runId)),
    );
  }

  /**
   * Reads a workflow's runs once no mutation of it is in progress: every change is saved before its
   * mutation releases the lock, so a client never sees state a crash during the save would lose.
   */
  private readSaved<T>(namespace: string, workflowId: string, read: () => T | Promise<T>): Promise<T> {
    return this.mutex.run(workflowKey(namespace, workflowId), read);
  }

  executionInfo(rec: ExecutionRecord): Pb {
    return executionInfo(rec);
  }

  // ---------------------------------------------------------------- updates

  async updateWorkflow(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.workflowExecution ?? {};
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (!req.request?.meta?.updateId) throw invalidArgument('Update id is not set on request.');
    if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    const rec = await this.mutate(namespace, workflowId, (m) => {
      const run = this.findRun(namespace, workflowId, runId);
      if (!isRunning(run) && !updates(run)[req.request.meta.updateId])
        throw notFound('workflow execution already completed');
      if (isRunning(run)) admitUpdate(run, m, req.request);
      return run;
    });
    return this.awaitUpdate(rec, req.request.meta.updateId, req.waitPolicy?.lifecycleStage, signal);
  }

  async pollUpdate(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const ref = req.updateRef ?? {};
    const rec = this.findRun(namespace, ref.workflowExecution?.workflowId ?? '', ref.workflowExecution?.runId);
    if (!updates(rec)[ref.updateId]) throw notFound(`Update ${String(ref.updateId)} not found.`);
    return this.awaitUpdate(rec, ref.updateId, req.waitPolicy?.lifecycleStage, signal);
  }

  /** Long-polls until the update reaches `stage` (default: accepted); answers with the stage reached. */
  private async awaitUpdate(
    rec: ExecutionRecord,
    updateId: string,
    stage: number | undefined,
    signal: AbortSignal,
  ): Promise<Pb> {
    const wanted = Math.max(stage || UpdateStage.ACCEPTED, UpdateStage.ACCEPTED);
    await this.waitForRun(rec, () => updateStage(updates(rec)[updateId]) >= wanted || !isRunning(rec), signal);
    const entry = await this.readSaved(rec.namespace, rec.workflowId, () => updates(rec)[updateId]);
    return {
      updateRef: { workflowExecution: { workflowId: rec.workflowId, runId: rec.runId }, updateId },
      stage: updateStage(entry),
      outcome: entry?.state === 'completed' ? entry.outcome : undefined,
    };
  }

  /** Update-with-start: [StartWorkflowExecution, UpdateWorkflowExecution] as one operation. */
  async executeMultiOperation(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const [first, second] = (req.operations ?? []) as Pb[];
    const start = first?.startWorkflow;
    const update = second?.updateWorkflow;
    if (!start || !update || req.operations.length !== 2) {
      throw invalidArgument('ExecuteMultiOperation supports exactly [StartWorkflow, UpdateWorkflow].');
    }
    if (!update.request?.meta?.updateId) throw invalidArgument('Update id is not set on request.');
    if (start.workflowId !== update.workflowExecution?.workflowId)
      throw invalidArgument('Start and update must name the same workflow id.');
    const spec = runSpecFromStartRequest({ ...start, namespace }, randomUUID());
    const { rec, startResponse } = await this.mutate(namespace, start.workflowId, (m) => {
      const existing = this.admitStart(namespace, { ...start, namespace }, m);
      const run = existing ? this.findRun(namespace, start.workflowId, existing.runId) : createRun(spec, m);
      const startResponse = existing ?? { runId: run.runId, started: true, status: run.status };
      if (isRunning(run)) admitUpdate(run, m, update.request);
      else if (!updates(run)[update.request.meta.updateId]) throw notFound('workflow execution already completed');
      return { rec: run, startResponse };
    });
    const updateResponse = await this.awaitUpdate(
      rec,
      update.request.meta.updateId,
      update.waitPolicy?.lifecycleStage,
      signal,
    );
    return { responses: [{ startWorkflow: startResponse }, { updateWorkflow: updateResponse }] };
  }

  // ---------------------------------------------------------------- workflow tasks

  async pollWorkflowTask(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const tq = req.taskQueue ?? {};
    const name: string = tq.name;
    if (!name) throw invalidArgument('TaskQueue is not set on request.');
    // A worker's sticky queue: only runs it caches are scheduled there, with partial history.
    const sticky = tq.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY ? name : undefined;
    const queue = this.workflowQueue(namespace, name);
    const deadline = Date.now() + this.opts.longPollTimeoutMs;
    if (sticky) this.stickyPolls.set(`${namespace}\u0000${name}`, Date.now());
    try {
      while (!this.closed) {
        const entry = await queue.take(deadline - Date.now(), signal);
        if (!entry) return {};
        if (signal.aborted) {
          queue.putBack(entry);
          return {};
        }
        const response =
          entry.kind === 'task'
            ? await this.dispatchWorkflowTask(entry.runKey, req.identity ?? '', sticky)
            : await this.dispatchLegacyQuery(entry.queryId, sticky);
        if (response) return response;
      }
      return {};
    } finally {
      if (sticky) this.stickyPolls.set(`${namespace}\u0000${name}`, Date.now());
    }
  }

  /** A sticky queue has a worker while one polls it or polled it lately (Temporal allows 10 s). */
  private stickyWorkerPresent(namespace: string, name: string): boolean {
    const key = `${namespace}\u0000${name}`;
    if ((this.workflowQueues.get(key)?.pollers ?? 0) > 0) return true;
    const last = this.stickyPolls.get(key);
    return last !== undefined && Date.now() - last < STICKY_WORKER_GONE_MS;
  }

  /** ShutdownWorker: the worker's sticky queue is gone; what waits there goes to the normal queue. */
  shutdownWorker(req: Pb): Pb {
    const namespace: string = req.namespace || 'default';
    const name: string | undefined = req.stickyTaskQueue;
    if (!name) return {};
    const key = `${namespace}\u0000${name}`;
    const queue = this.workflowQueues.get(key);
    this.stickyPolls.delete(key);
    this.workflowQueues.delete(key);
    if (!queue) return {};
    queue.releaseAll();
    for (const entry of queue.drain()) {
      if (entry.kind === 'query') {
        const q = this.queries.byId.get(entry.queryId);
        const rec = q && this.runs.get(q.runKey);
        if (q && rec) {
          q.queue = rec.taskQueue;
          this.workflowQueue(rec.namespace, rec.taskQueue).offer(entry);
        }
        continue;
      }
      const rec = this.runs.get(entry.runKey);
      if (rec)
        this.runInBackground(() => this.mutate(rec.namespace, rec.workflowId, (m) => unstickWorkflowTask(rec, m)));
    }
    return {};
  }

  /** ResetStickyTaskQueue: the run's next workflow task goes to the normal queue with full history. */
  async resetStickyTaskQueue(req: Pb): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.execution ?? {};
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    await this.mutate(namespace, workflowId, (m) => {
      const rec = this.findRun(namespace, workflowId, runId);
      if (isRunning(rec)) unstickWorkflowTask(rec, m);
    });
    return {};
  }

  private async dispatchWorkflowTask(
    key: string,
    identity: string,
    stickyQueue: string | undefined,
  ): Promise<Pb | undefined> {
    const rec = this.runs.get(key);
    if (!rec) return undefined;
    const loadHistory = (): Promise<void> =>
      this.histories.ensure(rec, sendsPartialHistory(rec, stickyQueue) ? rec.lastCompletedStartedEventId + 1 : 1);
    return this.mutate(
      rec.namespace,
      rec.workflowId,
      (m) => {
        const response = startWorkflowTask(rec, m, identity, randomUUID(), this.opts.suggestContinueAsNew, stickyQueue);
        if (!response) return undefined;
        if (stickyQueue !== undefined) this.workflowTaskStats.partial++;
        else this.workflowTaskStats.full++;
        const attached = this.queries.take(this.queries.nextTask, key);
        if (attached.length > 0) {
          response.queries = Object.fromEntries(attached.map((q) => [q.id, q.query]));
          this.queryStats.attached += attached.length;
          for (const q of attached) this.queries.push(this.queries.attached, q);
        }
        return response;
      },
      loadHistory,
    );
  }

  async completeWorkflowTask(req: Pb): Promise<Pb> {
    const token = decodeTaskToken(req.taskToken, 'workflow');
    const rejection = await this.mutate(token.namespace, token.workflowId, (m) => {
      const rec = this.runs.get(runKey(token.namespace, token.workflowId, token.runId));
      if (!rec || !isCurrentWorkflowTask(rec, token.scheduledEventId, token.attempt)) {
        throw notFound('Workflow task not found (stale task token).');
      }
      this.answerAttachedQueries(recordRunKey(rec), req.queryResults ?? {});
      return completeWorkflowTask(rec, m, req, this.services).rejected;
    });
    if (rejection) throw invalidArgument(rejection.message);
    return {};
  }

  async failWorkflowTask(req: Pb): Promise<Pb> {
    const token = decodeTaskToken(req.taskToken, 'workflow');
    await this.mutate(token.namespace, token.workflowId, (m) => {
      const rec = this.runs.get(runKey(token.namespace, token.workflowId, token.runId));
      if (!rec || !isCurrentWorkflowTask(rec, token.scheduledEventId, token.attempt)) {
        throw notFound('Workflow task not found (stale task token).');
      }
      failStartedWorkflowTask(rec, m, req.cause ?? 0, req.failure, req.identity ?? '', false);
    });
    return {};
  }

  // ---------------------------------------------------------------- activity tasks

  async pollActivityTask(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const name: string = req.taskQueue?.name;
    if (!name) throw invalidArgument('TaskQueue is not set on request.');
    const queue = this.activityQueue(namespace, name);
    const deadline = Date.now() + this.opts.longPollTimeoutMs;
    while (!this.closed) {
      const entry = await queue.take(deadline - Date.now(), signal);
      if (!entry) return {};
      if (signal.aborted) {
        queue.putBack(entry);
        return {};
      }
      const response = await this.dispatchActivity(entry, req.identity ?? '');
      if (response) return response;
    }
    return {};
  }

  private async dispatchActivity(entry: ActivityQueueEntry, identity: string): Promise<Pb | undefined> {
    const rec = this.runs.get(entry.runKey);
    if (!rec) return undefined;
    return this.mutate(rec.namespace, rec.workflowId, (m) => {
      const act = rec.activities[entry.scheduledEventId];
      if (!isRunning(rec) || !act || act.phase !== 'scheduled') return undefined;
      startActivityAttempt(rec, m, act, identity);
      const a = act.attributes;
      return {
        taskToken: encodeTaskToken({
          kind: 'activity',
          namespace: rec.namespace,
          workflowId: rec.workflowId,
          runId: rec.runId,
          scheduledEventId: act.scheduledEventId,
          attempt: act.attempt,
        }),
        workflowNamespace: rec.namespace,
        workflowType: { name: rec.workflowType },
        workflowExecution: { workflowId: rec.workflowId, runId: rec.runId },
        activityType: a.activityType,
        activityId: act.activityId,
        header: a.header,
        input: a.input,
        heartbeatDetails: act.heartbeatDetails,
        scheduledTime: timestamp(act.firstScheduledAtMs),
        currentAttemptScheduledTime: timestamp(act.attemptScheduledAtMs),
        startedTime: timestamp(act.startedAtMs),
        attempt: act.attempt,
        scheduleToCloseTimeout: a.scheduleToCloseTimeout,
        startToCloseTimeout: a.startToCloseTimeout,
        heartbeatTimeout: a.heartbeatTimeout,
        retryPolicy: a.retryPolicy,
        priority: a.priority,
      };
    });
  }

  /** Runs `fn` on the started activity attempt named by a task token (or by id). */
  private async withActivity<T>(
    target: {
      namespace: string;
      workflowId: string;
      runId?: string;
      scheduledEventId?: number;
      attempt?: number;
      activityId?: string;
    },
    fn: (rec: ExecutionRecord, m: Mutation, act: ActivityState) => T,
  ): Promise<T> {
    return this.mutate(target.namespace, target.workflowId, (m) => {
      const rec = target.runId
        ? this.runs.get(runKey(target.namespace, target.workflowId, target.runId))
        : this.currentRun(target.namespace, target.workflowId);
      if (!rec || !isRunning(rec)) throw notFound('Workflow execution not found or already completed.');
      const act =
        target.activityId !== undefined
          ? findActivityById(rec, target.activityId)
          : rec.activities[target.scheduledEventId ?? 0];
      if (!act || act.phase !== 'started' || (target.attempt !== undefined && act.attempt !== target.attempt)) {
        throw notFound('Activity task not found (stale task token or activity already closed).');
      }
      return fn(rec, m, act);
    });
  }

  private activityTarget(req: Pb, byId: boolean) {
    if (byId) {
      const namespace: string = req.namespace || 'default';
      if (!req.workflowId || !req.activityId) throw invalidArgument('WorkflowId and ActivityId are required.');
      return {
        namespace,
        workflowId: req.workflowId as string,
        runId: req.runId as string | undefined,
        activityId: req.activityId as string,
      };
    }
    return decodeTaskToken(req.taskToken, 'activity');
  }

  async completeActivity(req: Pb, byId = false): Promise<Pb> {
    await this.withActivity(this.activityTarget(req, byId), (rec, m, act) =>
      completeActivity(rec, m, act, req.result, req.identity ?? ''),
    );
    return {};
  }

  async failActivity(req: Pb, byId = false): Promise<Pb> {
    await this.withActivity(this.activityTarget(req, byId), (rec, m, act) =>
      failActivity(
        rec,
        m,
        act,
        req.failure ?? { message: 'activity failed' },
        req.identity ?? '',
        req.lastHeartbeatDetails,
      ),
    );
    return byId ? {} : { failures: [] };
  }

  async cancelActivity(req: Pb, byId = false): Promise<Pb> {
    await this.withActivity(this.activityTarget(req, byId), (rec, m, act) =>
      cancelStartedActivity(rec, m, act, req.details, req.identity ?? ''),
    );
    return {};
  }

  async heartbeatActivity(req: Pb, byId = false): Promise<Pb> {
    const cancelRequested = await this.withActivity(this.activityTarget(req, byId), (rec, m, act) =>
      recordHeartbeat(rec, m, act, req.details),
    );
    return { cancelRequested };
  }

  // ---------------------------------------------------------------- queries

  async query(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.execution ?? {};
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
    const rec = this.findRun(namespace, workflowId, runId);
    const condition: number = req.queryRejectCondition ?? 0;
    if (!isRunning(rec)) {
      const reject =
        condition === QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN ||
        (condition === QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY &&
          rec.status !== ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      if (reject) return { queryRejected: { status: rec.status } };
    }
    const outcome = await new Promise<QueryOutcome>((resolve) => {
      // No worker answered (none polling, or one died holding a legacy query task).
      const timer = setTimeout(
        () => this.queries.settle(q.id, { error: new RpcError(4, 'query timed out: no worker answered') }),
        this.opts.queryTimeoutMs,
      );
      timer.unref?.();
      const settle = (result: QueryOutcome): void => {
        clearTimeout(timer);
        resolve(result);
      };
      const q: PendingQuery = { id: randomUUID(), runKey: recordRunKey(rec), query: req.query, done: false, settle };
      this.queries.add(q);
      signal.addEventListener('abort', () => {
        this.queries.cancel(q.id);
        settle({ error: new RpcError(1, 'query cancelled') });
      });
      void this.mutex.run(workflowKey(rec.namespace, rec.workflowId), () => this.routeQuery(rec, q));
    });
    if (outcome.error) throw outcome.error;
    return { queryResult: outcome.answer };
  }

  /** Attached to the next task, deferred behind a started task, or sent as a legacy query task. */
  private routeQuery(rec: ExecutionRecord, q: PendingQuery): void {
    if (q.done) return;
    const wft = rec.workflowTask;
    if (isRunning(rec) && wft) {
      q.queue = undefined;
      if (wft.startedEventId > 0) this.queryStats.deferred++;
      this.queries.push(wft.startedEventId > 0 ? this.queries.deferred : this.queries.nextTask, q);
      return;
    }
    this.queryStats.legacy++;
    // A sticky run's query goes to the worker that caches it, as on the real server.
    const sticky =
      rec.sticky && isRunning(rec) && this.stickyWorkerPresent(rec.namespace, rec.sticky.queue)
        ? rec.sticky
        : undefined;
    const queue = sticky ? sticky.queue : rec.taskQueue;
    q.queue = queue;
    this.workflowQueue(rec.namespace, queue).offer({ kind: 'query', queryId: q.id });
    // As Temporal's history service does: a sticky worker that does not take the query within its
    // schedule-to-start timeout (it died without ShutdownWorker) loses the run's stickiness, and the
    // query goes to the normal queue, where any worker answers it from full history.
    if (sticky) {
      const timer = setTimeout(
        () => this.runInBackground(() => this.moveQueryOffStickyQueue(rec, q, sticky.queue)),
        Math.min(sticky.scheduleToStartMs, STICKY_WORKER_GONE_MS),
      );
      timer.unref();
    }
  }

  private async moveQueryOffStickyQueue(rec: ExecutionRecord, q: PendingQuery, stickyQueue: string): Promise<void> {
    if (q.done || q.queue !== stickyQueue) return;
    await this.mutate(rec.namespace, rec.workflowId, (m) => {
      if (isRunning(rec) && rec.sticky?.queue === stickyQueue) unstickWorkflowTask(rec, m);
    });
    if (q.done || q.queue !== stickyQueue) return;
    q.queue = rec.taskQueue;
    this.workflowQueue(rec.namespace, rec.taskQueue).offer({ kind: 'query', queryId: q.id });
  }

  /** After a change: queries waiting on a task that is no longer started move on. */
  private rerouteQueries(rec: ExecutionRecord): void {
    const key = recordRunKey(rec);
    const wft = rec.workflowTask;
    const started = isRunning(rec) && !!wft && wft.startedEventId > 0;
    if (!started) {
      const waiting = [
        ...this.queries.take(this.queries.attached, key),
        ...this.queries.take(this.queries.deferred, key),
      ];
      for (const q of waiting) this.routeQuery(rec, q);
    }
    if (!isRunning(rec)) for (const q of this.queries.take(this.queries.nextTask, key)) this.routeQuery(rec, q);
  }

  private answerAttachedQueries(key: string, results: Record<string, Pb>): void {
    const attached = this.queries.take(this.queries.attached, key);
    for (const q of attached) {
      const result = results[q.id];
      if (!result) {
        this.queries.push(this.queries.attached, q);
        continue;
      }
      this.queries.settle(
        q.id,
        queryOutcome(result.resultType, result.answer, result.errorMessage || result.failure?.message),
      );
    }
  }

  private async dispatchLegacyQuery(queryId: string, stickyQueue: string | undefined): Promise<Pb | undefined> {
    const q = this.queries.byId.get(queryId);
    if (!q || q.done) return undefined;
    const rec = this.runs.get(q.runKey);
    if (!rec) return undefined;
    return this.mutex.run(workflowKey(rec.namespace, rec.workflowId), async () => {
      if (stickyQueue === undefined) await this.histories.ensure(rec);
      // A copy left on a queue the query has since moved off (or one already taken) is stale.
      if (q.done || q.queue !== (stickyQueue ?? rec.taskQueue)) return undefined;
      if ((isRunning(rec) && rec.workflowTask) || (stickyQueue !== undefined && rec.sticky?.queue !== stickyQueue)) {
        this.routeQuery(rec, q);
        return undefined;
      }
      q.queue = undefined;
      this.queryStats.sticky += stickyQueue !== undefined ? 1 : 0;
      const now = this.clock.now();
      return {
        taskToken: encodeTaskToken({ kind: 'query', queryId }),
        workflowExecution: { workflowId: rec.workflowId, runId: rec.runId },
        workflowType: { name: rec.workflowType },
        previousStartedEventId: rec.lastCompletedStartedEventId,
        startedEventId: 0,
        attempt: 1,
        // On the sticky queue no events, as Temporal sends it: the worker has them or fetches them.
        history: { events: stickyQueue !== undefined ? [] : residentEvents(rec) },
        query: q.query,
        workflowExecutionTaskQueue: { name: rec.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        scheduledTime: timestamp(now),
        startedTime: timestamp(now),
      };
    });
  }

  respondQueryTask(req: Pb): Pb {
    const token = decodeTaskToken(req.taskToken, 'query');
    const settled = this.queries.settle(
      token.queryId,
      queryOutcome(req.completedType, req.queryResult, req.errorMessage || req.failure?.message),
    );
    if (!settled) throw notFound('Query not found (it timed out or was cancelled).');
    return {};
  }

  // ---------------------------------------------------------------- history

  async getHistory(req: Pb, signal: AbortSignal): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.execution ?? {};
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    const page = decodePageToken(req.nextPageToken);
    // Lookups and reads happen under the workflow's lock (saved state only); the long poll waits outside it.
    const rec = await this.readSaved(namespace, workflowId, () =>
      this.findRun(namespace, workflowId, page?.runId || runId),
    );
    if (req.historyEventFilterType === HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT) {
      if (req.waitNewEvent) await this.waitForRun(rec, () => !isRunning(rec), signal);
      return this.readSaved(namespace, workflowId, () => {
        if (isRunning(rec))
          return {
            history: { events: [] },
            nextPageToken: req.waitNewEvent ? encodePageToken(rec.runId, 0) : undefined,
          };
        return { history: { events: residentEvents(rec, rec.history.length - 1) } };
      });
    }
    const from = page?.next ?? 1;
    if (req.waitNewEvent) await this.waitForRun(rec, () => rec.history.length >= from || !isRunning(rec), signal);
    return this.readSaved(namespace, workflowId, async () => {
      await this.histories.ensure(rec, from);
      const pageSize: number = req.maximumPageSize > 0 ? req.maximumPageSize : 1000;
      const events = residentEvents(rec, from - 1, from - 1 + pageSize);
      const next = from + events.length;
      const more = next <= rec.history.length || (isRunning(rec) && !!req.waitNewEvent);
      return { history: { events }, nextPageToken: more ? encodePageToken(rec.runId, next) : undefined };
    });
  }

  async getHistoryReverse(req: Pb): Promise<Pb> {
    const namespace: string = req.namespace || 'default';
    const { workflowId, runId } = req.execution ?? {};
    const page = decodePageToken(req.nextPageToken);
    return this.readSaved(namespace, workflowId ?? '', async () => {
      const rec = this.findRun(namespace, workflowId ?? '', page?.runId || runId);
      const end = page?.next ?? rec.history.length;
      const pageSize: number = req.maximumPageSize > 0 ? req.maximumPageSize : 1000;
      const start = Math.max(0, end - pageSize);
      await this.histories.ensure(rec, start + 1);
      const events = residentEvents(rec, start, end).reverse();
      return { history: { events }, nextPageToken: start > 0 ? encodePageToken(rec.runId, start) : undefined };
    });
  }

  // ---------------------------------------------------------------- test hooks

  /** Counters for tests and diagnostics. */
  stats(): { runs: number; armedTimers: number; lockHolders: number } {
    return { runs: this.runs.size, armedTimers: this.armed.size, lockHolders: this.heldLocks.size };
  }
}

function queryOutcome(
  resultType: number | undefined,
  answer: Pb | undefined,
  errorMessage: string | undefined,
): QueryOutcome {
  if (resultType === QueryResultType.QUERY_RESULT_TYPE_FAILED)
    return { error: invalidArgument(errorMessage || 'query failed') };
  return { answer };
}

function encodePageToken(runId: string, next: number): string {
  return Buffer.from(JSON.stringify({ runId, next })).toString('base64');
}

function decodePageToken(token: string | undefined): { runId: string; next: number } | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString()) as { runId: string; next: number };
    return parsed.next > 0 ? parsed : { runId: parsed.runId, next: 1 };
  } catch {
    throw invalidArgument('Invalid next page token.');
  }
}
