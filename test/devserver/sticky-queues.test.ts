// Sticky task queues with partial history, as Temporal serves them: after a completion with sticky
// attributes the run's next workflow tasks go to the worker's sticky queue carrying only the events
// after previousStartedEventId; on schedule-to-start timeout, ShutdownWorker, ResetStickyTaskQueue
// or a worker that stopped polling they go to the normal queue with full history.
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { eventTypes } from './support/history-shape';
import { startHarness, type Harness } from './support/devserver-harness';
import { pokeSignal, stageQuery, waitForPoke } from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

const poll = (name: string, kind = 1, normalName?: string, signal?: AbortSignal) => {
  const call = () =>
    h.connection.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name, kind, normalName },
      identity: 'test-poller',
    });
  return signal ? h.connection.withAbortSignal(signal, call) : call();
};

/** A sticky poll that registers the worker's sticky queue and is then abandoned (the worker stays "present" for 10 s). */
async function touchStickyQueue(sticky: string, tq: string): Promise<void> {
  const controller = new AbortController();
  const pending = poll(sticky, STICKY, tq, controller.signal).catch(() => undefined);
  await until(
    () =>
      (h.server.engine as unknown as { workflowQueues: Map<string, { pollers: number }> }).workflowQueues.get(
        `default\u0000${sticky}`,
      )?.pollers === 1,
  );
  controller.abort();
  await pending;
}

/** Completes the first task of `waitForPoke` (no commands: it waits for a signal) naming a sticky queue. */
async function completeFirstTaskSticky(tq: string, sticky: string, scheduleToStartMs: number): Promise<void> {
  const first = await poll(tq);
  expect(Number(first.history!.events![0].eventId)).toBe(1);
  await h.connection.workflowService.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: first.taskToken,
    commands: [],
    stickyAttributes: {
      workerTaskQueue: { name: sticky, kind: STICKY, normalName: tq },
      scheduleToStartTimeout: msToTs(scheduleToStartMs),
    },
  });
}

test('the sticky poller gets only the events after previousStartedEventId; a timed-out task returns to the normal queue', async () => {
  const tq = h.taskQueue();
  const sticky = `${tq}-sticky`;
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId: h.workflowId('sticky-partial'),
    workflowTaskTimeout: '5s',
  });
  await completeFirstTaskSticky(tq, sticky, 10_000);
  const stickyTask = poll(sticky, STICKY, tq);
  await handle.signal(pokeSignal, 7);
  const task = await stickyTask;
  const events = task.history!.events!;
  expect(Number(task.previousStartedEventId)).toBe(3);
  expect(events.map((e) => Number(e.eventId))).toEqual([4, 5, 6, 7]);
  expect(events.map((e) => Number(e.eventType))).toEqual([
    E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  expect(Number(task.startedEventId)).toBe(7);
  // The sticky worker never answers: the start-to-close timeout clears stickiness, and a real worker
  // (empty cache, normal queue) gets the retry with full history.
  await h.server.clock.advance(6000, { waitForTasksMs: 0 });
  expect(await h.withWorker(tq, () => handle.result())).toBe(7);
});

test('schedule-to-start timeout on the sticky queue: WorkflowTaskTimedOut, then the normal queue with full history', async () => {
  const tq = h.taskQueue();
  const sticky = `${tq}-sticky`;
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId: h.workflowId('sticky-timeout'),
  });
  await completeFirstTaskSticky(tq, sticky, 3000);
  await touchStickyQueue(sticky, tq);
  await handle.signal(pokeSignal, 3);
  // Nobody takes the sticky task; virtual time passes its schedule-to-start timeout.
  await h.server.clock.advance(3000, { waitForTasksMs: 0 });
  const task = await poll(tq);
  expect(Number(task.history!.events![0].eventId)).toBe(1);
  const types = task.history!.events!.map((e) => Number(e.eventType));
  expect(types.slice(6)).toEqual([
    E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  expect(Number(task.history!.events![6].workflowTaskTimedOutEventAttributes?.timeoutType)).toBe(
    temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
  );
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: task.taskToken,
    cause: 14,
  });
  expect(await h.withWorker(tq, () => handle.result())).toBe(3);
});

test('a sticky queue nobody polls and ResetStickyTaskQueue both send the task to the normal queue', async () => {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('sticky-gone') });
  await completeFirstTaskSticky(tq, `${tq}-never-polled`, 10_000);
  await handle.signal(pokeSignal, 1);
  const task = await poll(tq);
  expect(Number(task.history!.events![0].eventId)).toBe(1);
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: task.taskToken,
    cause: 14,
  });
  await handle.terminate();

  const tq2 = h.taskQueue();
  const sticky = `${tq2}-sticky`;
  const reset = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq2,
    workflowId: h.workflowId('sticky-reset'),
  });
  await completeFirstTaskSticky(tq2, sticky, 10_000);
  await touchStickyQueue(sticky, tq2);
  await reset.signal(pokeSignal, 2);
  await h.connection.workflowService.resetStickyTaskQueue({
    namespace: 'default',
    execution: { workflowId: reset.workflowId },
  });
  const normal = await poll(tq2);
  expect(Number(normal.history!.events![0].eventId)).toBe(1);
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: normal.taskToken,
    cause: 14,
  });
  expect(await h.withWorker(tq2, () => reset.result())).toBe(2);
});

test('real workers: sticky tasks and queries go to the caching worker; a cache miss and a restarted worker fetch full history', async () => {
  const tq = h.taskQueue();
  const before = { ...h.server.engine.workflowTaskStats };
  const stickyQueriesBefore = h.server.engine.queryStats.sticky;
  // One cached run: the two workflows evict each other, so sticky tasks arrive for runs not in cache.
  const worker = await Worker.create({
    connection: h.nativeConnection,
    namespace: 'default',
    taskQueue: tq,
    workflowBundle: h.bundle,
    maxCachedWorkflows: 1,
  });
  const running = worker.run();
  const a = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('sticky-a') });
  const b = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('sticky-b') });
  const c = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('sticky-c') });
  await until(async () => eventTypes(await c.fetchHistory()).includes(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
  await until(async () => eventTypes(await b.fetchHistory()).includes(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
  await expect(c.query(stageQuery).catch((err: Error) => err.name)).resolves.toBe('QueryNotRegisteredError');
  await a.signal(pokeSignal, 1);
  await b.signal(pokeSignal, 2);
  expect(await a.result()).toBe(1);
  expect(await b.result()).toBe(2);
  expect(h.server.engine.workflowTaskStats.partial).toBeGreaterThan(before.partial);
  expect(h.server.engine.queryStats.sticky).toBeGreaterThan(stickyQueriesBefore);
  // Restart: the old worker's sticky queue goes (ShutdownWorker); a new worker with an empty cache continues.
  worker.shutdown();
  await running;
  await c.signal(pokeSignal, 3);
  expect(await h.withWorker(tq, () => c.result())).toBe(3);
  expect(eventTypes(await c.fetchHistory())).not.toContain(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
});

test('a query to a run whose sticky worker died (no ShutdownWorker) moves to the normal queue after the sticky schedule-to-start timeout', async () => {
  const tq = h.taskQueue();
  const sticky = `${tq}-sticky`;
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId: h.workflowId('sticky-dead-query'),
  });
  await completeFirstTaskSticky(tq, sticky, 500);
  // The worker polled its sticky queue a moment ago and then died: it still counts as present.
  await touchStickyQueue(sticky, tq);
  const answered = h.client.workflow
    .getHandle(handle.workflowId)
    .query(stageQuery)
    .catch(() => undefined);
  // Nobody takes it on the sticky queue; a worker polling the normal queue gets it with full history.
  const task = await poll(tq);
  expect(task.query?.queryType).toBe('stage');
  expect(Number(task.history!.events![0].eventId)).toBe(1);
  await h.connection.workflowService.respondQueryTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    completedType: temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_ANSWERED,
    queryResult: { payloads: [] },
  });
  await answered;
  // The run is no longer sticky: its next workflow task goes to the normal queue.
  await handle.signal(pokeSignal, 4);
  expect(await h.withWorker(tq, () => handle.result())).toBe(4);
});
