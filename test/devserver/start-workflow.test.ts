// Start workflow — id conflict and reuse policies, requestId de-duplication,
// signal-with-start, memo, search attributes, run/execution timeouts.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { TimeoutFailure } from '@temporalio/common';
import { startHarness, type Harness } from './support/devserver-harness';
import { approveSignal, echo, failsUntilAttempt, pokeSignal, upsertsProperties, waitForPoke } from './workflows';
import { until } from '../support/until';

let h: Harness;
let sharedTq: string;
beforeAll(async () => {
  h = await startHarness();
  sharedTq = await h.sharedWorker([]);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

const status = async (workflowId: string, runId?: string) =>
  (await h.client.workflow.getHandle(workflowId, runId).describe()).status.name;

test('id conflict: starting a running workflow id again fails with WorkflowExecutionAlreadyStartedError', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('conflict');
  await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId });
  await expect(h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId })).rejects.toBeInstanceOf(
    WorkflowExecutionAlreadyStartedError,
  );
  await h.client.workflow.getHandle(workflowId).terminate('done');
});

test('id conflict policy USE_EXISTING returns the running run; TERMINATE_EXISTING replaces it', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('conflict-policies');
  const first = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId });
  const same = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  expect(same.firstExecutionRunId).toBe(first.firstExecutionRunId);
  const replaced = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId,
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
  expect(replaced.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
  expect(await status(workflowId, first.firstExecutionRunId)).toBe('TERMINATED');
  expect(await status(workflowId)).toBe('RUNNING');
  await replaced.terminate();
});

test('id reuse policies: REJECT_DUPLICATE and ALLOW_DUPLICATE_FAILED_ONLY after a closed run', async () => {
  const tq = h.taskQueue();
  const completedId = h.workflowId('reuse-completed');
  await h.withWorker(tq, () =>
    h.client.workflow.execute(echo, { taskQueue: tq, workflowId: completedId, args: ['x'] }),
  );
  await expect(
    h.client.workflow.start(echo, {
      taskQueue: tq,
      workflowId: completedId,
      args: ['y'],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }),
  ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  await expect(
    h.client.workflow.start(echo, {
      taskQueue: tq,
      workflowId: completedId,
      args: ['y'],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    }),
  ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  // ALLOW_DUPLICATE (the default) starts a new run.
  const again = await h.withWorker(tq, () =>
    h.client.workflow.execute(echo, { taskQueue: tq, workflowId: completedId, args: ['z'] }),
  );
  expect(again).toBe('z');

  const terminatedId = h.workflowId('reuse-terminated');
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: terminatedId });
  await handle.terminate('stop');
  const retried = await h.client.workflow.start(echo, {
    taskQueue: tq,
    workflowId: terminatedId,
    args: ['after failure'],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  });
  expect(await h.withWorker(tq, () => retried.result())).toBe('after failure');
});

test('requestId de-duplication: a retried start with the same requestId returns the same run', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('request-id');
  const request = {
    namespace: 'default',
    workflowId,
    workflowType: { name: 'waitForPoke' },
    taskQueue: { name: tq },
    requestId: randomUUID(),
  };
  const first = await h.connection.workflowService.startWorkflowExecution(request);
  const second = await h.connection.workflowService.startWorkflowExecution(request);
  expect(first.started).toBe(true);
  expect(second.runId).toBe(first.runId);
  expect(h.server.engine.runsOf('default', workflowId)).toHaveLength(1);
  await h.client.workflow.getHandle(workflowId).terminate();
});

test('signal-with-start starts a workflow with the signal, then signals the running one', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('signal-with-start');
  const handle = await h.client.workflow.signalWithStart(waitForPoke, {
    taskQueue: tq,
    workflowId,
    signal: pokeSignal,
    signalArgs: [7],
  });
  const again = await h.client.workflow.signalWithStart(waitForPoke, {
    taskQueue: tq,
    workflowId,
    signal: pokeSignal,
    signalArgs: [8],
  });
  expect(again.signaledRunId).toBe(handle.signaledRunId);
  expect(await h.withWorker(tq, () => handle.result())).toBe(8);
  const history = await handle.fetchHistory();
  const types = (history.events ?? []).map((e) => Number(e.eventType));
  // Started, Signaled, WorkflowTaskScheduled: the signal is in the first task.
  expect(types.slice(0, 3)).toEqual([1, 26, 5]);
});

test('memo and search attributes are stored and described', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('memo-sa');
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId,
    memo: { caseType: 'pothole', priority: 2 },
    searchAttributes: { CustomKeywordField: ['district-7'] },
  });
  const description = await handle.describe();
  expect(description.memo).toEqual({ caseType: 'pothole', priority: 2 });
  expect(description.searchAttributes).toMatchObject({ CustomKeywordField: ['district-7'] });
  await handle.terminate();
});

test('workflow run timeout closes the run as TIMED_OUT (virtual clock)', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('run-timeout');
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId,
    workflowRunTimeout: '1 hour',
  });
  await h.withWorker(tq, async () => {
    await until(async () => (await handle.fetchHistory()).events!.some((e) => Number(e.eventType) === 7));
    await h.server.clock.advance(61 * 60 * 1000);
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
  });
  expect(await status(workflowId)).toBe('TIMED_OUT');
});

test('workflow execution timeout closes the run as TIMED_OUT (virtual clock)', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('execution-timeout');
  const handle = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId,
    workflowExecutionTimeout: '2 hours',
  });
  await h.server.clock.advance(3 * 60 * 60 * 1000);
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  expect(await status(workflowId)).toBe('TIMED_OUT');
});

test('workflow retry policy: a failed run is retried as a new run after backoff; result() follows the chain', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('workflow-retry');
  const handle = await h.client.workflow.start(failsUntilAttempt, {
    taskQueue: tq,
    workflowId,
    args: [3],
    retry: { initialInterval: '1 minute', maximumAttempts: 5 },
  });
  const attempt = await h.withWorker(tq, async () => {
    const result = handle.result();
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      await new Promise((r) => setTimeout(r, 20));
      await h.server.clock.advance(30_000);
    }
    return result;
  });
  expect(attempt).toBe(3);
  const runs = h.server.engine.runsOf('default', workflowId);
  expect(runs.map((r) => r.status)).toEqual([3, 3, 2]); // failed, failed, completed
  const first = await h.client.workflow.getHandle(workflowId, runs[0].runId).fetchHistory();
  expect(first.events!.at(-1)?.workflowExecutionFailedEventAttributes?.newExecutionRunId).toBe(runs[1].runId);
});

test('workflow start delay: the first workflow task waits for the delay', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('start-delay');
  const handle = await h.client.workflow.start(echo, {
    taskQueue: tq,
    workflowId,
    args: ['late'],
    startDelay: '1 hour',
  });
  const result = await h.withWorker(tq, async () => {
    // A fixed wait on purpose: it proves no workflow task runs before the delay has passed.
    await new Promise((r) => setTimeout(r, 200));
    expect((await handle.describe()).historyLength).toBe(2);
    await h.server.clock.advance(60 * 60 * 1000);
    return handle.result();
  });
  expect(result).toBe('late');
});

test('upserted search attributes and memo are stored and described; an empty value unsets', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('upserts');
  const handle = await h.client.workflow.start(upsertsProperties, {
    taskQueue: tq,
    workflowId,
    memo: { owner: 'roads' },
  });
  await h.withWorker(tq, async () => {
    await until(async () => (await handle.describe()).searchAttributes.CustomKeywordField !== undefined);
    const during = await handle.describe();
    expect(during.searchAttributes).toMatchObject({ CustomKeywordField: ['escalated'], CustomIntField: [2] });
    expect(during.memo).toEqual({ owner: 'roads', stage: 'review' });
    await handle.signal(approveSignal, 'x');
    await handle.result();
  });
  const after = await handle.describe();
  expect(after.searchAttributes.CustomIntField).toBeUndefined();
  expect(after.searchAttributes.CustomKeywordField).toEqual(['escalated']);
});
