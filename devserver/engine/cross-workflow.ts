// Effects between workflows, run after the initiating mutation is saved: starting children and
// reporting their start/close to the parent, signal and cancel of external workflows, and the parent
// close policy. Pending entries live in the records, so recovery after a restart can redo them
// (idempotent through request ids and the entries' states).
import type { Pb } from '../protocol/proto-codec';
import { RpcError } from '../protocol/rpc-error';
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  children,
  externalCancels,
  externalSignals,
  type ChildEntry,
  type ExternalEntry,
} from './commands/cross-workflow-commands';
import { EventType, ExecutionStatus, ParentClosePolicy, eventAttributesField } from './enums';
import { isRunning, recordRunKey, runKey, type ExecutionRecord } from './execution-record';
import { addExternalEvent, addExternalEvents, CHILD_STARTED_EVENT_ID, childStartedEventId, newEvent } from './history';
import type { Mutation } from './mutation';
import { createRun, normalizeWorkflowTimeouts } from './start-workflow';

/** What cross-workflow effects need from the engine. */
export interface CrossWorkflowHost {
  mutate<T>(namespace: string, workflowId: string, fn: (m: Mutation) => T): Promise<T>;
  currentRun(namespace: string, workflowId: string): ExecutionRecord | undefined;
  runByKey(key: string): ExecutionRecord | undefined;
  admitStart(namespace: string, req: Pb, m: Mutation): Pb | undefined;
  applySignal(rec: ExecutionRecord, m: Mutation, req: Pb): void;
  applyCancelRequest(rec: ExecutionRecord, m: Mutation, req: Pb): void;
  terminateRun(rec: ExecutionRecord, m: Mutation, reason: string): void;
  newRunId(): string;
}

const CHILD_CLOSE_EVENTS: Record<number, number> = {
  [ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  [ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  [ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  [ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  [ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
};

export class CrossWorkflow {
  constructor(private readonly host: CrossWorkflowHost) {}

  async startChild(parent: ExecutionRecord, initiatedEventId: number): Promise<void> {
    const entry = children(parent)[initiatedEventId];
    if (!entry || entry.state !== 'initiated') return;
    const requestId = `${parent.runId}:child:${initiatedEventId}`;
    const a = entry.attributes;
    let childRunId = '';
    try {
      childRunId = await this.host.mutate(entry.namespace, entry.workflowId, (m) => {
        const current = this.host.currentRun(entry.namespace, entry.workflowId);
        if (current && current.requestIds.includes(requestId)) return current.runId;
        this.host.admitStart(
          entry.namespace,
          { workflowId: entry.workflowId, workflowIdReusePolicy: a.workflowIdReusePolicy },
          m,
        );
        const child = createRun(
          {
            namespace: entry.namespace,
            workflowId: entry.workflowId,
            runId: this.host.newRunId(),
            workflowType: entry.workflowType,
            taskQueue: a.taskQueue.name,
            input: a.input,
            header: a.header,
            memo: a.memo,
            searchAttributes: a.searchAttributes,
            retryPolicy: a.retryPolicy,
            requestId,
            ...normalizeWorkflowTimeouts(a.workflowExecutionTimeout, a.workflowRunTimeout, a.workflowTaskTimeout),
            parent: {
              namespace: parent.namespace,
              workflowId: parent.workflowId,
              runId: parent.runId,
              initiatedEventId,
            },
          },
          m,
        );
        return child.runId;
      });
    } catch (err) {
      if (!(err instanceof RpcError && err.code === grpcStatus.ALREADY_EXISTS)) throw err;
    }
    await this.host.mutate(parent.namespace, parent.workflowId, (m) => {
      const e = children(parent)[initiatedEventId];
      if (!isRunning(parent) || !e || e.state !== 'initiated') return;
      if (!childRunId) {
        delete children(parent)[initiatedEventId];
        addExternalEvent(parent, m, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, {
          namespace: e.namespace,
          workflowId: e.workflowId,
          workflowType: { name: e.workflowType },
          cause: 1, // WORKFLOW_ALREADY_EXISTS
          control: e.control,
          initiatedEventId,
          workflowTaskCompletedEventId: e.workflowTaskCompletedEventId,
        });
        return;
      }
      e.state = 'started';
      e.runId = childRunId;
      addExternalEvent(
        parent,
        m,
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
        childStartedAttrs(e, childRunId),
      );
    });
  }

  /** Close hook: report a closed child to its parent; apply this run's parent close policy. */
  onClose(rec: ExecutionRecord, m: Mutation): void {
    // A run that continues (continue-as-new, retry) is not the child's end: its next run reports.
    if (rec.parent && !rec.newExecutionRunId) {
      const childKey = recordRunKey(rec);
      m.after.push(() => this.reportChildClosed(childKey));
    }
    const pending = Object.values(children(rec));
    if (pending.length > 0) {
      rec.ext.children = {};
      m.after.push(() => this.applyParentClosePolicy(rec, pending));
    }
  }

  private async reportChildClosed(childKey: string): Promise<void> {
    const child = this.host.runByKey(childKey);
    const ref = child?.parent;
    if (!child || !ref) return;
    const parent = this.host.runByKey(runKey(ref.namespace, ref.workflowId, ref.runId));
    if (!parent) return;
    await this.host.mutate(parent.namespace, parent.workflowId, (m) => {
      const e = children(parent)[ref.initiatedEventId];
      if (!isRunning(parent) || !e) return;
      const closeType = CHILD_CLOSE_EVENTS[child.status];
      if (!closeType) return;
      const closeEvent = child.history[child.history.length - 1];
      const closeAttrs: Pb = closeEvent[eventAttributesField(closeEvent.eventType)] ?? {};
      // Resolved now, while the pending child keeps the whole history in memory: once the entry goes,
      // the history may be dropped before a close buffered behind a started task is appended.
      const startedEventId =
        (e.state === 'started' && childStartedEventId(parent, e.initiatedEventId)) || CHILD_STARTED_EVENT_ID;
      const events: Pb[] = [];
      if (e.state === 'initiated') {
        events.push(
          newEvent(m.now, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, childStartedAttrs(e, child.runId)),
        );
      }
      events.push(
        newEvent(m.now, closeType, {
          result: closeAttrs.result,
          failure: closeAttrs.failure,
          details: closeAttrs.details,
          retryState: closeAttrs.retryState,
          namespace: e.namespace,
          workflowExecution: { workflowId: child.workflowId, runId: child.runId },
          workflowType: { name: e.workflowType },
          initiatedEventId: e.initiatedEventId,
          startedEventId,
        }),
      );
      delete children(parent)[ref.initiatedEventId];
      addExternalEvents(parent, m, events);
    });
  }

  private async applyParentClosePolicy(parent: ExecutionRecord, pending: ChildEntry[]): Promise<void> {
    for (const e of pending) {
      const policy = e.parentClosePolicy || ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE;
      if (policy === ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) continue;
      await this.host.mutate(e.namespace, e.workflowId, (m) => {
        const child = this.host.currentRun(e.namespace, e.workflowId);
        if (!child || !isRunning(child) || child.parent?.runId !== parent.runId) return;
        if (policy === ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
          this.host.applyCancelRequest(child, m, { reason: 'parent closed (parent close policy REQUEST_CANCEL)' });
        } else {
          this.host.terminateRun(child, m, 'parent closed (parent close policy TERMINATE)');
        }
      });
    }
  }

  async signalExternal(source: ExecutionRecord, initiatedEventId: number): Promise<void> {
    await this.reachExternal(source, initiatedEventId, {
      pending: externalSignals,
      apply: (target, m, entry) =>
        this.host.applySignal(target, m, {
          signalName: entry.signalName,
          input: entry.input,
          header: entry.header,
          requestId: `${source.runId}:signal:${initiatedEventId}`,
          externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId },
        }),
      reached: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
      reachedHasControl: true,
      failed: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
    });
  }

  async cancelExternal(source: ExecutionRecord, initiatedEventId: number): Promise<void> {
    await this.reachExternal(source, initiatedEventId, {
      pending: externalCancels,
      apply: (target, m, entry) =>
        this.host.applyCancelRequest(target, m, {
          reason: entry.reason,
          externalInitiatedEventId: initiatedEventId,
          externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId },
        }),
      reached: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
      reachedHasControl: false,
      failed: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
    });
  }

  /**
   * A signal or cancel request to another workflow: applied to its target (the initiator's own child
   * when so asked), then the source's pending entry is replaced by the outcome event, or a "failed"
   * event when no running target was found.
   */
  private async reachExternal(
    source: ExecutionRecord,
    initiatedEventId: number,
    how: {
      pending: (rec: ExecutionRecord) => Record<string, ExternalEntry>;
      apply: (target: ExecutionRecord, m: Mutation, entry: ExternalEntry) => void;
      reached: number;
      /** The cancel-requested event has no control field. */
      reachedHasControl: boolean;
      failed: number;
    },
  ): Promise<void> {
    const entry = how.pending(source)[initiatedEventId];
    if (!entry) return;
    const targetRunId = await this.host
      .mutate(entry.namespace, entry.workflowId, (m) => {
        const target = this.target(entry.namespace, entry.workflowId, entry.runId);
        if (!target || !isRunning(target) || (entry.childWorkflowOnly && target.parent?.runId !== source.runId))
          return '';
        how.apply(target, m, entry);
        return target.runId;
      })
      .catch(() => '');
    await this.host.mutate(source.namespace, source.workflowId, (m) => {
      const e = how.pending(source)[initiatedEventId];
      if (!isRunning(source) || !e) return;
      delete how.pending(source)[initiatedEventId];
      if (targetRunId) {
        addExternalEvent(source, m, how.reached, {
          initiatedEventId,
          namespace: e.namespace,
          workflowExecution: { workflowId: e.workflowId, runId: targetRunId },
          ...(how.reachedHasControl ? { control: e.control } : {}),
        });
      } else {
        addExternalEvent(source, m, how.failed, {
          cause: 1, // EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND
          workflowTaskCompletedEventId: e.workflowTaskCompletedEventId,
          namespace: e.namespace,
          workflowExecution: { workflowId: e.workflowId, runId: e.runId || undefined },
          initiatedEventId,
          control: e.control,
        });
      }
    });
  }

  /** After a restart: redo every pending cross-workflow effect of a running record. */
  recover(rec: ExecutionRecord, m: Mutation): void {
    if (!isRunning(rec)) return;
    for (const e of Object.values(children(rec))) {
      if (e.state === 'initiated') {
        m.after.push(() => this.startChild(rec, e.initiatedEventId));
      } else {
        const child = this.host.currentRun(e.namespace, e.workflowId);
        if (child && !isRunning(child) && child.parent?.runId === rec.runId) {
          const key = recordRunKey(child);
          m.after.push(() => this.reportChildClosed(key));
        }
      }
    }
    for (const id of Object.keys(externalSignals(rec))) m.after.push(() => this.signalExternal(rec, Number(id)));
    for (const id of Object.keys(externalCancels(rec))) m.after.push(() => this.cancelExternal(rec, Number(id)));
  }

  private target(namespace: string, workflowId: string, runId: string): ExecutionRecord | undefined {
    return runId
      ? this.host.runByKey(runKey(namespace, workflowId, runId))
      : this.host.currentRun(namespace, workflowId);
  }
}

function childStartedAttrs(e: ChildEntry, runId: string): Pb {
  return {
    namespace: e.namespace,
    initiatedEventId: e.initiatedEventId,
    workflowExecution: { workflowId: e.workflowId, runId },
    workflowType: { name: e.workflowType },
    header: e.attributes.header,
  };
}
