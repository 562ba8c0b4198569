// Workflow tasks — event buffering, UNHANDLED_COMMAND, task timeouts, failed
// attempts kept transient, invalid commands fail the task (not the workflow), stale tokens,
// long polls (sticky queues: sticky-queues.test.ts).
import { status } from '@grpc/grpc-js';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { startDevServer } from '../../devserver';
import { eventTypes } from './support/history-shape';
import { startHarness, type Harness } from './support/devserver-harness';
import { duplicateActivityIds, echo, pokeSignal, signalsDuringTask } from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;

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

const poll = (taskQueue: string, kind = 1, normalName?: string) =>
  h.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind, normalName },
    identity: 'test-poller',
  });

test('event buffering: signals arriving while a task runs are written after its completion', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('buffering');
  const activities = {
    pokeSelf: async (id: string) => {
      for (let n = 1; n <= 3; n++) await h.client.workflow.getHandle(id).signal(pokeSignal, n);
    },
  };
  const result = await h.withWorker(
    tq,
    () => h.client.workflow.execute(signalsDuringTask, { taskQueue: tq, workflowId, args: [3, false] }),
    { activities },
  );
  expect(result).toEqual([1, 2, 3]);
  const types = eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory());
  // WFT started -> completed (marker) -> the three buffered signals -> next WFT.
  expect(types.slice(2, 9)).toEqual([
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    E.EVENT_TYPE_MARKER_RECORDED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  ]);
});

test('UNHANDLED_COMMAND: a close command racing with a buffered signal fails the task; the workflow then sees the signal', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('unhandled-command');
  let pokes = 0;
  const activities = {
    pokeSelf: async (id: string) => {
      if (pokes++ === 0) await h.client.workflow.getHandle(id).signal(pokeSignal, 42);
    },
  };
  const result = await h.withWorker(
    tq,
    () => h.client.workflow.execute(signalsDuringTask, { taskQueue: tq, workflowId, args: [1, true] }),
    { activities },
  );
  expect(result).toEqual([42]);
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const failed = history.events!.filter((e) => Number(e.eventType) === E.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(failed).toHaveLength(1);
  expect(Number(failed[0].workflowTaskFailedEventAttributes?.cause)).toBe(
    temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
  );
});

test('workflow task timeout: an unanswered task times out; retries stay transient; stale tokens get NOT_FOUND', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('wft-timeout');
  const handle = await h.client.workflow.start(echo, {
    taskQueue: tq,
    workflowId,
    args: ['finally'],
    workflowTaskTimeout: '5s',
  });
  const first = await poll(tq);
  expect(first.attempt).toBe(1);
  await h.server.clock.advance(6000, { waitForTasksMs: 0 }); // the raw-polled task is not being worked on
  const second = await poll(tq);
  expect(second.attempt).toBe(2);
  // The transient attempt's Scheduled/Started events are sent to the worker but not stored.
  const sentTypes = second.history!.events!.map((e) => Number(e.eventType));
  expect(sentTypes.slice(-3)).toEqual([
    E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  await expect(
    h.connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      commands: [],
    }),
  ).rejects.toMatchObject({ code: status.NOT_FOUND });
  // Attempt 2 fails: no event is written.
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: second.taskToken,
    cause: 14,
  });
  expect(eventTypes(await handle.fetchHistory())).toEqual([
    E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
  ]);
  expect((await handle.describe()).raw.pendingWorkflowTask?.attempt).toBe(3);
  // Attempt 3 waits out its retry backoff, then a real worker completes it.
  await h.server.clock.advance(2000);
  expect(await h.withWorker(tq, () => handle.result())).toBe('finally');
  const history = await handle.fetchHistory();
  expect(eventTypes(history).slice(4)).toEqual([
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  ]);
  expect(history.events![4].workflowTaskScheduledEventAttributes?.attempt).toBe(3);
});

test('failed first attempt writes WorkflowTaskFailed; later failed attempts are transient', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('wft-failed');
  const handle = await h.client.workflow.start(echo, { taskQueue: tq, workflowId, args: ['ok'] });
  const first = await poll(tq);
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: first.taskToken,
    cause: 14,
    failure: { message: 'boom' },
  });
  const second = await poll(tq);
  expect(second.attempt).toBe(2);
  await h.connection.workflowService.respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: second.taskToken,
    cause: 14,
    failure: { message: 'boom again' },
  });
  const types = eventTypes(await handle.fetchHistory());
  expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toHaveLength(1);
  expect(types).toHaveLength(4);
  await h.server.clock.advance(2000);
  expect(await h.withWorker(tq, () => handle.result())).toBe('ok');
});

test('invalid commands fail the workflow task, not the workflow (real SDK: duplicate activity ids)', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('invalid-command');
  const handle = await h.client.workflow.start(duplicateActivityIds, { taskQueue: tq, workflowId });
  await h.withWorker(
    tq,
    async () => {
      await until(async () => eventTypes(await handle.fetchHistory()).includes(E.EVENT_TYPE_WORKFLOW_TASK_FAILED));
    },
    { activities: { nothing: async () => undefined } },
  );
  const history = await handle.fetchHistory();
  const failed = history.events!.find((e) => Number(e.eventType) === E.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(Number(failed?.workflowTaskFailedEventAttributes?.cause)).toBe(
    temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID,
  );
  expect(eventTypes(history)).not.toContain(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  await handle.terminate();
});

test('invalid command attributes answer INVALID_ARGUMENT and fail the task with the BAD_* cause', async () => {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(echo, {
    taskQueue: tq,
    workflowId: h.workflowId('bad-timer'),
    args: ['x'],
  });
  const task = await poll(tq);
  await expect(
    h.connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_TIMER,
          startTimerCommandAttributes: { startToFireTimeout: msToTs(1000) },
        },
      ],
    }),
  ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  const history = await handle.fetchHistory();
  const last = history.events![history.events!.length - 1];
  expect(Number(last.eventType)).toBe(E.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(Number(last.workflowTaskFailedEventAttributes?.cause)).toBe(
    temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
  );
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await h.withWorker(tq, () => handle.result())).toBe('x');
});

test('long polls: an empty response on timeout, and a cancelled poll does not swallow a task', async () => {
  const server = await startDevServer({ port: 0, longPollTimeoutMs: 300 });
  const { Connection, Client } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: server.address });
  try {
    const tq = 'long-poll-tq';
    const empty = await connection.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: tq, kind: 1 },
    });
    expect(empty.taskToken?.length ?? 0).toBe(0);
    const controller = new AbortController();
    const abandoned = connection.withAbortSignal(controller.signal, () =>
      connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: tq, kind: 1 } }),
    );
    // Fixed waits on purpose: the poll must be parked at the server before it is abandoned, and the
    // server must have had the chance to hand the abandoned poll a task; neither leaves a trace to wait on.
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await abandoned.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    await new Client({ connection }).workflow.start('echo', { taskQueue: tq, workflowId: 'lp', args: ['x'] });
    const task = await connection.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: tq, kind: 1 },
    });
    expect(task.workflowExecution?.workflowId).toBe('lp');
  } finally {
    await connection.close();
    await server.close();
  }
});
