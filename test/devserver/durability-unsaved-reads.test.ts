// Durable mode: clients read only saved state. While a mutation's save is still pending, history,
// reverse history, the close-event check, describe, list and count must not show its events (a
// crash before the save resolves would lose them). Reads of that workflow wait for the save; listings
// answer at once from the state of the last save.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startDevServer, type DevServer, type ExecutionRecordSnapshot } from '../../devserver';
import { JsonSnapshotStore } from './support/json-snapshot-store';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;
const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
const CLOSE_EVENT = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

/** A JSON store whose saves can be held at a gate (a slow disk, or a server about to crash). */
class GatedStore extends JsonSnapshotStore {
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  waiting = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  override async save(record: ExecutionRecordSnapshot): Promise<void> {
    // Serialise before waiting, as the persistence stores do: the engine hands over its live record.
    const copy = JSON.parse(JSON.stringify(record)) as ExecutionRecordSnapshot;
    if (this.gate) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    await super.save(copy);
  }

  /** Event types of the saved copy of the workflow's (single) run; [] if never saved. */
  savedEventTypes(workflowId: string): number[] {
    for (const row of this.rows.values()) {
      const record = JSON.parse(row.json) as ExecutionRecordSnapshot;
      if (record.workflowId === workflowId)
        return (record.history as Array<{ eventType: number }>).map((e) => Number(e.eventType));
    }
    return [];
  }
}

/** Tracks whether a read answered, and the saved history at the moment it did. */
function observe<T>(
  store: GatedStore,
  workflowId: string,
  read: Promise<T>,
): { done: () => boolean; result: Promise<{ value: T; saved: number[] }> } {
  let done = false;
  const result = read.then((value) => {
    done = true;
    return { value, saved: store.savedEventTypes(workflowId) };
  });
  return { done: () => done, result };
}

const eventTypesOf = (events: temporal.api.history.v1.IHistoryEvent[] | null | undefined): number[] =>
  (events ?? []).map((e) => Number(e.eventType));

let server: DevServer;
let store: GatedStore;
let connection: Connection;
let client: Client;

beforeEach(async () => {
  store = new GatedStore();
  server = await startDevServer({ port: 0, persistence: store });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});

afterEach(async () => {
  store.release();
  await connection.close();
  await server.close();
});

const service = (): Connection['workflowService'] => connection.workflowService;

test('history, reverse history, describe, list and count never show a signal whose save is pending', async () => {
  const workflowId = 'unsaved-signal';
  // No worker: the run stays at [Started, WorkflowTaskScheduled] and a signal appends one event.
  const handle = await client.workflow.start('noWorkerWorkflow', { taskQueue: 'no-worker', workflowId });
  expect(store.savedEventTypes(workflowId)).toEqual([
    E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  ]);

  store.hold();
  const signalled = handle.signal('poke');
  await until(() => store.waiting > 0);

  const history = observe(
    store,
    workflowId,
    service().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } }),
  );
  const reverse = observe(
    store,
    workflowId,
    service().getWorkflowExecutionHistoryReverse({ namespace: 'default', execution: { workflowId } }),
  );
  const described = observe(
    store,
    workflowId,
    service().describeWorkflowExecution({ namespace: 'default', execution: { workflowId } }),
  );
  // Listings answer from the last saved state without waiting.
  const listed = await service().listWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = "${workflowId}"`,
  });
  expect(listed.executions.map((e) => Number(e.historyLength))).toEqual([2]);
  // Give the reads every chance to answer early; none may answer while the save is pending (a fixed
  // wait is the point: nothing marks "has not answered yet").
  await new Promise((r) => setTimeout(r, 300));
  expect([history.done(), reverse.done(), described.done()]).toEqual([false, false, false]);

  store.release();
  await signalled;
  const h = await history.result;
  expect(eventTypesOf(h.value.history?.events)).toEqual(h.saved);
  expect(h.saved).toContain(E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  const r = await reverse.result;
  expect(eventTypesOf(r.value.history?.events).reverse()).toEqual(r.saved);
  const d = await described.result;
  expect(Number(d.value.workflowExecutionInfo?.historyLength)).toBe(d.saved.length);

  const after = await service().listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = "${workflowId}"` });
  expect(after.executions.map((e) => Number(e.historyLength))).toEqual([3]);
});

test('a close whose save is pending is neither listed, counted nor returned as the close event', async () => {
  const workflowId = 'unsaved-close';
  const handle = await client.workflow.start('noWorkerWorkflow', { taskQueue: 'no-worker', workflowId });

  store.hold();
  const terminated = handle.terminate('stop');
  await until(() => store.waiting > 0);

  const closeEvent = observe(
    store,
    workflowId,
    service().getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      historyEventFilterType: CLOSE_EVENT,
    }),
  );
  const closeWait = observe(
    store,
    workflowId,
    service().getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      historyEventFilterType: CLOSE_EVENT,
      waitNewEvent: true,
    }),
  );
  const listed = await service().listWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = "${workflowId}"`,
  });
  expect(listed.executions.map((e) => e.status)).toEqual([Status.WORKFLOW_EXECUTION_STATUS_RUNNING]);
  const closedCount = await service().countWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = "${workflowId}" AND ExecutionStatus = "Terminated"`,
  });
  expect(Number(closedCount.count)).toBe(0);
  // A fixed wait on purpose: it proves the waiters do not answer while the close is unsaved.
  await new Promise((r) => setTimeout(r, 300));
  expect([closeEvent.done(), closeWait.done()]).toEqual([false, false]);

  store.release();
  await terminated;
  for (const read of [closeEvent, closeWait]) {
    const { value, saved } = await read.result;
    expect(eventTypesOf(value.history?.events)).toEqual([E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]);
    expect(saved[saved.length - 1]).toBe(E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
  }
  const count = await service().countWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = "${workflowId}" AND ExecutionStatus = "Terminated"`,
  });
  expect(Number(count.count)).toBe(1);
});

test('a run whose start is still being saved is not listed, and describe waits for the save', async () => {
  const workflowId = 'unsaved-start';
  store.hold();
  const started = client.workflow.start('noWorkerWorkflow', { taskQueue: 'no-worker', workflowId });
  await until(() => store.waiting > 0);

  const described = observe(
    store,
    workflowId,
    service().describeWorkflowExecution({ namespace: 'default', execution: { workflowId } }),
  );
  const listed = await service().listWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = "${workflowId}"`,
  });
  expect(listed.executions).toEqual([]);
  // A fixed wait on purpose: it proves describe does not answer while the start is unsaved.
  await new Promise((r) => setTimeout(r, 300));
  expect(described.done()).toBe(false);

  store.release();
  await started;
  const d = await described.result;
  expect(Number(d.value.workflowExecutionInfo?.historyLength)).toBe(d.saved.length);
  expect(d.saved.length).toBe(2);
});
