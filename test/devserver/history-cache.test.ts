// The history cache: with a store that gives events back and no budget, every run keeps only its
// last event in memory between changes. Workflow tasks (full and sticky), queries, history reads,
// children, a workflow retry and a restart must all behave as with whole histories in memory.
import { temporal } from '@temporalio/proto';
import type { WorkerOptions } from '@temporalio/worker';
import { startHarness, type Harness } from './support/devserver-harness';
import { JsonSnapshotStore } from './support/json-snapshot-store';
import { pagedEventIds } from './support/history-pages';
import { eventTypes } from './support/history-shape';
import {
  approval,
  approveSignal,
  failsUntilAttempt,
  parentBusyWhileChildCloses,
  parentOfEcho,
  parentOfFailingChild,
  sleeper,
  statusQuery,
} from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;
const greet = (name: string): Promise<string> => Promise.resolve(`hello ${name}`);

let store: JsonSnapshotStore;
let h: Harness;
beforeEach(async () => {
  store = new JsonSnapshotStore({ eventReads: true });
  h = await startHarness({ persistence: store, historyCacheBytes: 0 });
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
  await h.close();
});

/** Events of the run the server holds in memory right now. */
const inMemory = (workflowId: string): number =>
  h.server.engine.currentRun('default', workflowId)!.history.filter((event) => event !== undefined).length;

/** Runs `approval` to its end: waits for it, approves it as `who`, returns its result. */
async function approve(workflowId: string, who: string, options: Partial<WorkerOptions> = {}): Promise<string> {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(approval, { taskQueue: tq, workflowId, args: [60_000] });
  return h.withWorker(
    tq,
    async () => {
      await until(async () => (await handle.query(statusQuery)) === 'waiting');
      await handle.signal(approveSignal, who);
      return handle.result();
    },
    { activities: { greet }, ...options },
  );
}

test('a worker without a cache gets whole histories loaded back from the store', async () => {
  const workflowId = h.workflowId('no-cache');
  expect(await approve(workflowId, 'ada', { maxCachedWorkflows: 0 })).toBe('hello ada');
  const { dropped, loaded } = h.server.engine.histories.stats;
  expect(dropped).toBeGreaterThan(0);
  expect(loaded).toBeGreaterThan(0);
  expect(store.eventReads.some((range) => range.workflowId === workflowId && range.fromEventId === 1)).toBe(true);
  expect(h.server.engine.workflowTaskStats.partial).toBe(0);
});

test('a sticky worker gets the events since its last task, loaded when they were dropped', async () => {
  const workflowId = h.workflowId('sticky');
  expect(await approve(workflowId, 'lin')).toBe('hello lin');
  expect(h.server.engine.workflowTaskStats.partial).toBeGreaterThan(0);
  // A sticky task after a drop reads back only the events after the last completed task.
  expect(store.eventReads.some((range) => range.workflowId === workflowId && range.fromEventId > 1)).toBe(true);
  const held = inMemory(workflowId);
  expect(held).toBeLessThan((await h.client.workflow.getHandle(workflowId).fetchHistory()).events!.length);
});

test('history reads, forward in pages and in reverse, load what was dropped', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('reads');
  await h.withWorker(tq, () => h.client.workflow.execute(sleeper, { taskQueue: tq, workflowId, args: [10] }));
  const length = h.server.engine.currentRun('default', workflowId)!.history.length;
  expect(inMemory(workflowId)).toBeLessThan(length);
  const { eventIds: paged } = await pagedEventIds(h.connection, workflowId, 2);
  expect(paged).toEqual(Array.from({ length }, (_, i) => i + 1));
  const reverse = await h.connection.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: 'default',
    execution: { workflowId },
    maximumPageSize: 3,
  });
  expect(reverse.history!.events!.map((e) => Number(e.eventId))).toEqual([length, length - 1, length - 2]);
  expect(eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory())).toContain(E.EVENT_TYPE_TIMER_FIRED);
});

test("children complete and fail into their parent's history", async () => {
  const tq = h.taskQueue();
  const echoId = h.workflowId('parent-echo');
  const failingId = h.workflowId('parent-failing');
  h.track(`${echoId}-child`);
  h.track(`${failingId}-child`);
  const [echoed, failed] = await h.withWorker(tq, () =>
    Promise.all([
      h.client.workflow.execute(parentOfEcho, { taskQueue: tq, workflowId: echoId, args: ['hi'] }),
      h.client.workflow.execute(parentOfFailingChild, { taskQueue: tq, workflowId: failingId }),
    ]),
  );
  expect(echoed).toEqual({ result: 'hi', parentOfChild: echoId });
  expect(failed).toMatchObject({ error: 'ChildWorkflowFailure', applicationType: 'ChildError' });
  expect(h.server.engine.histories.stats.dropped).toBeGreaterThan(0);
  const history = await h.client.workflow.getHandle(echoId).fetchHistory();
  const started = history.events!.find((e) => e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
  const completed = history.events!.find((e) => e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
  expect(Number(completed?.childWorkflowExecutionCompletedEventAttributes?.startedEventId)).toBe(
    Number(started?.eventId),
  );
});

test("a child's close that waits behind a started task names the child's started event", async () => {
  // The close is buffered and the child is no longer pending, so the parent's history is dropped
  // before the close is appended: the started event's id must be known before then.
  const tq = h.taskQueue();
  const workflowId = h.workflowId('parent-busy');
  h.track(`${workflowId}-child`);
  const untilChildReported = (parentId: string) =>
    until(async () => {
      const { raw } = await h.client.workflow.getHandle(parentId).describe();
      return (raw.pendingChildren ?? []).length === 0;
    });
  const result = await h.withWorker(
    tq,
    () => h.client.workflow.execute(parentBusyWhileChildCloses, { taskQueue: tq, workflowId, args: ['hi'] }),
    { activities: { untilChildReported } },
  );
  expect(result).toBe('hi');
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events!.find((e) => e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
  const completed = history.events!.find((e) => e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
  expect(Number(started?.eventId)).toBeGreaterThan(0);
  expect(Number(completed?.childWorkflowExecutionCompletedEventAttributes?.startedEventId)).toBe(
    Number(started?.eventId),
  );
  // The close went in after the task that was running when it arrived.
  const types = eventTypes(history);
  expect(types.indexOf(E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)).toBeGreaterThan(
    types.indexOf(E.EVENT_TYPE_MARKER_RECORDED),
  );
});

test('a workflow retry starts its next run with the first run’s input', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('retry');
  const attempt = await h.withWorker(tq, () =>
    h.client.workflow.execute(failsUntilAttempt, {
      taskQueue: tq,
      workflowId,
      args: [3],
      retry: { initialInterval: 10, maximumAttempts: 5 },
    }),
  );
  expect(attempt).toBe(3);
  expect(h.server.engine.histories.stats.dropped).toBeGreaterThan(0);
});

test('a restarted server loads only last events, then the rest when a worker needs it', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('restart');
  const handle = await h.client.workflow.start(approval, { taskQueue: tq, workflowId, args: [3_600_000] });
  await h.withWorker(tq, () => until(async () => (await handle.query(statusQuery)) === 'waiting'), {
    activities: { greet },
  });
  const before = (await handle.fetchHistory()).events!.length;
  await h.close();

  h = await startHarness({ persistence: store, historyCacheBytes: 0 });
  h.track(workflowId);
  expect(inMemory(workflowId)).toBe(1);
  expect(h.server.engine.currentRun('default', workflowId)!.history).toHaveLength(before);
  const restarted = h.client.workflow.getHandle<typeof approval>(workflowId);
  const result = await h.withWorker(
    tq,
    async () => {
      await restarted.signal(approveSignal, 'grace');
      return restarted.result();
    },
    { activities: { greet } },
  );
  expect(result).toBe('hello grace');
  expect(h.server.engine.histories.stats.loaded).toBeGreaterThan(0);
});
