// Eager workflow start: a client sharing its NativeConnection with a worker that polls the queue gets
// the first workflow task in the StartWorkflowExecution response; without such a worker the SDK does
// not ask, and the start goes the normal way through a poll.
import { Client } from '@temporalio/client';
import { startHarness, type Harness } from './support/devserver-harness';

let h: Harness;
let eagerClient: Client;

beforeAll(async () => {
  h = await startHarness();
  eagerClient = new Client({ connection: h.nativeConnection, namespace: 'default' });
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

test('the start response carries the first task to the local worker, and the workflow completes', async () => {
  const taskQueue = h.taskQueue('eager');
  const before = h.server.engine.eagerStarts;
  await h.withWorker(taskQueue, async () => {
    const handle = await eagerClient.workflow.start('echo', {
      taskQueue,
      workflowId: h.workflowId('eager'),
      args: ['eager'],
      requestEagerStart: true,
    });
    expect(handle.eagerlyStarted).toBe(true);
    expect(await handle.result()).toBe('eager');
  });
  expect(h.server.engine.eagerStarts).toBe(before + 1);
});

test('without a local worker on the queue the start falls back to a normal start', async () => {
  const taskQueue = h.taskQueue('no-local-worker');
  const before = h.server.engine.eagerStarts;
  const handle = await eagerClient.workflow.start('echo', {
    taskQueue,
    workflowId: h.workflowId('fallback'),
    args: ['polled'],
    requestEagerStart: true,
  });
  expect(handle.eagerlyStarted).toBe(false);
  expect(h.server.engine.eagerStarts).toBe(before);
  // A worker that starts polling afterwards takes the task from the queue.
  await h.withWorker(taskQueue, async () => expect(await handle.result()).toBe('polled'));
});

test('a start that finds the workflow already running gets no task', async () => {
  const taskQueue = h.taskQueue('existing');
  await h.withWorker(taskQueue, async () => {
    const workflowId = h.workflowId('existing');
    const first = await eagerClient.workflow.start('approval', {
      taskQueue,
      workflowId,
      args: [60_000],
      requestEagerStart: true,
    });
    expect(first.eagerlyStarted).toBe(true);
    const again = await eagerClient.workflow.start('approval', {
      taskQueue,
      workflowId,
      args: [60_000],
      requestEagerStart: true,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    expect(again.eagerlyStarted).toBe(false);
    expect(again.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.terminate('done');
  });
});
