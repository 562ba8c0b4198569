// Persistence contract, engine side: every record is plain JSON, saves arrive in version order, and a
// new server started on the saved records resumes them — a timer that fell due while it was down
// fires at once; a workflow task or activity attempt that was running stays started, as on a real
// server: a worker that outlived the server completes it, or its persisted timeout ends it and it runs again.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startDevServer, type DevServer } from '../../devserver';
import { JsonSnapshotStore } from './support/json-snapshot-store';
import { eventTypes, historyShapeProblems } from './support/history-shape';
import { startHarness, type Harness } from './support/devserver-harness';
import { callActivity, echo, sleeper } from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;

const millis = (time: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);

/** A bare client on a server (the harness owns the worker side after the restart). */
async function clientFor(server: DevServer): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: server.address });
  return { client: new Client({ connection }), close: () => connection.close() };
}

let h: Harness | undefined;
afterEach(async () => {
  if (h) {
    expect(await h.replayAll()).toEqual([]);
    await h.close();
    h = undefined;
  }
});

test('records are JSON; a restarted server fires a timer that fell due while it was down', async () => {
  const store = new JsonSnapshotStore();
  const first = await startHarness({ persistence: store });
  const tq = first.taskQueue();
  const workflowId = first.workflowId('restart-timer');
  await first.withWorker(tq, async () => {
    const handle = await first.client.workflow.start(sleeper, { taskQueue: tq, workflowId, args: [60 * 60 * 1000] });
    await until(async () => eventTypes(await handle.fetchHistory()).includes(E.EVENT_TYPE_TIMER_STARTED));
  });
  await first.close();
  expect(store.saves).toBeGreaterThan(0);
  // The server was "down" past the timer's due time.
  store.edit(workflowId, (record) => {
    for (const timer of Object.values(record.timers)) timer.firesAtMs = Date.now() - 1000;
  });

  h = await startHarness({ persistence: store });
  h.track(workflowId);
  const handle = h.client.workflow.getHandle(workflowId);
  expect(await h.withWorker(tq, () => handle.result())).toBeGreaterThanOrEqual(0);
  expect(eventTypes(await handle.fetchHistory())).toContain(E.EVENT_TYPE_TIMER_FIRED);
});

test('a workflow task that was started when the server died times out at its persisted deadline and is dispatched again', async () => {
  const store = new JsonSnapshotStore();
  const server = await startDevServer({ port: 0, persistence: store });
  const { client, close } = await clientFor(server);
  const tq = 'restart-wft';
  const workflowId = `restart-wft-${process.pid}`;
  await client.workflow.start(echo, {
    taskQueue: tq,
    workflowId,
    args: ['after restart'],
    workflowTaskTimeout: '1 second',
  });
  const task = await client.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: tq, kind: 1 },
    identity: 'dies',
  });
  expect(task.startedEventId?.toString()).toBe('3');
  await close();
  await server.close();

  h = await startHarness({ persistence: store });
  h.track(workflowId);
  const handle = h.client.workflow.getHandle(workflowId);
  expect(await h.withWorker(tq, () => handle.result())).toBe('after restart');
  const history = await handle.fetchHistory();
  expect(historyShapeProblems(history)).toEqual([]);
  expect(eventTypes(history)).toContain(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  // Not timed out on recovery: at (or after) the started task's own deadline.
  const started = history.events!.find((e) => Number(e.eventType) === E.EVENT_TYPE_WORKFLOW_TASK_STARTED)!;
  const timedOut = history.events!.find((e) => Number(e.eventType) === E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)!;
  expect(millis(timedOut.eventTime) - millis(started.eventTime)).toBeGreaterThanOrEqual(1000);
});

test('a worker that outlived the server completes its started workflow task on the restarted server', async () => {
  const store = new JsonSnapshotStore();
  const server = await startDevServer({ port: 0, persistence: store });
  const { client, close } = await clientFor(server);
  const tq = 'restart-wft-survivor';
  const workflowId = `restart-wft-survivor-${process.pid}`;
  await client.workflow.start(echo, { taskQueue: tq, workflowId, args: ['ignored'] });
  const task = await client.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: tq, kind: 1 },
    identity: 'survivor',
  });
  await close();
  await server.close();

  const restarted = await startDevServer({ port: 0, persistence: store });
  const second = await clientFor(restarted);
  try {
    // The surviving worker answers the new server with the task token it got from the old one.
    await second.client.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'survivor',
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {
            result: {
              payloads: [
                { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify('survived')) },
              ],
            },
          },
        },
      ],
    });
    const handle = second.client.workflow.getHandle(workflowId);
    expect(await handle.result()).toBe('survived');
    const history = await handle.fetchHistory();
    expect(historyShapeProblems(history)).toEqual([]);
    expect(eventTypes(history)).not.toContain(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  } finally {
    await second.close();
    await restarted.close();
  }
});

test('an activity attempt that was running when the server died times out at its persisted deadline and is retried', async () => {
  const store = new JsonSnapshotStore();
  const first = await startHarness({ persistence: store });
  const tq = first.taskQueue();
  const workflowId = first.workflowId('restart-activity');
  // The worker has no activities (so it does not poll for them); a raw poll plays the worker that dies.
  await first.withWorker(tq, async () => {
    await first.client.workflow.start(callActivity, {
      taskQueue: tq,
      workflowId,
      args: ['work', { startToCloseTimeout: '2 seconds', retry: { initialInterval: '1ms' } }, []],
    });
    const task = await first.connection.workflowService.pollActivityTaskQueue({
      namespace: 'default',
      taskQueue: { name: tq },
      identity: 'dies',
    });
    expect(task.attempt).toBe(1);
  });
  await first.close();

  h = await startHarness({ persistence: store });
  h.track(workflowId);
  const handle = h.client.workflow.getHandle(workflowId);
  const outcome = await h.withWorker(tq, () => handle.result(), { activities: { work: async () => 'second attempt' } });
  expect(outcome).toEqual({ ok: 'second attempt' });
  const attempt = (await handle.fetchHistory()).events!.find(
    (e) => Number(e.eventType) === E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
  )!;
  expect(attempt.activityTaskStartedEventAttributes?.attempt).toBe(2);
  expect(attempt.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo).toBeTruthy();
});

test('a worker that outlived the server completes its started activity on the restarted server', async () => {
  const store = new JsonSnapshotStore();
  const first = await startHarness({ persistence: store });
  const tq = first.taskQueue();
  const workflowId = first.workflowId('restart-activity-survivor');
  let taskToken: Uint8Array | null | undefined;
  await first.withWorker(tq, async () => {
    await first.client.workflow.start(callActivity, {
      taskQueue: tq,
      workflowId,
      args: ['work', { startToCloseTimeout: '1 hour', retry: { initialInterval: '1ms' } }, []],
    });
    taskToken = (
      await first.connection.workflowService.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: tq },
        identity: 'survivor',
      })
    ).taskToken;
  });
  await first.close();

  h = await startHarness({ persistence: store });
  h.track(workflowId);
  const payload = {
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(JSON.stringify('from the survivor')),
  };
  await h.connection.workflowService.respondActivityTaskCompleted({
    namespace: 'default',
    taskToken,
    identity: 'survivor',
    result: { payloads: [payload] },
  });
  const handle = h.client.workflow.getHandle(workflowId);
  expect(await h.withWorker(tq, () => handle.result())).toEqual({ ok: 'from the survivor' });
  const started = (await handle.fetchHistory()).events!.filter(
    (e) => Number(e.eventType) === E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
  );
  expect(started.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
});

test('virtual time does not go backwards across a restart', async () => {
  const store = new JsonSnapshotStore();
  const server = await startDevServer({ port: 0, persistence: store });
  const { client, close } = await clientFor(server);
  const workflowId = `restart-clock-${process.pid}`;
  const handle = await client.workflow.start(echo, { taskQueue: 'restart-clock', workflowId, args: ['x'] });
  await server.clock.advance(10 * 24 * 60 * 60 * 1000);
  const terminatedAt = server.clock.now(); // the Terminated event is stamped at or after this
  await handle.terminate('time moved on');
  await close();
  await server.close();

  const restarted = await startDevServer({ port: 0, persistence: store });
  try {
    expect(restarted.clock.now()).toBeGreaterThanOrEqual(terminatedAt);
  } finally {
    await restarted.close();
  }
});
