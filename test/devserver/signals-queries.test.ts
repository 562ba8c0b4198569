// Signals; queries (attached, deferred, legacy, on closed workflows); describe;
// terminate; request-cancel.
import { status } from '@grpc/grpc-js';
import { QueryNotRegisteredError, WorkflowFailedError } from '@temporalio/client';
import { TerminatedFailure } from '@temporalio/common';
import { startHarness, type Harness } from './support/devserver-harness';
import {
  approval,
  approveSignal,
  pokeSignal,
  queryDuringTask,
  stageQuery,
  statusQuery,
  waitForPoke,
  waitsForCancel,
} from './workflows';
import { until } from '../support/until';

let h: Harness;
let sharedTq: string;
beforeAll(async () => {
  h = await startHarness();
  sharedTq = await h.sharedWorker(['greet', 'queryMe']);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

const greet = async (name: string) => `hello ${name}`;

test('signals are delivered to the workflow in order', async () => {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('signals') });
  await handle.signal(pokeSignal, 1);
  await handle.signal(pokeSignal, 2);
  // Both signals precede the first task: the handler sees 1 then 2, the last one wins.
  expect(await h.withWorker(tq, () => handle.result())).toBe(2);
});

test('query attached to a scheduled workflow task (sent before any worker polls)', async () => {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(approval, {
    taskQueue: tq,
    workflowId: h.workflowId('query-attached'),
    args: [60000],
  });
  const before = h.server.engine.queryStats.attached;
  const answer = handle.query(statusQuery);
  await until(() => h.server.engine.pendingQueries() > 0);
  const result = await h.withWorker(
    tq,
    async () => {
      const status = await answer;
      await handle.signal(approveSignal, 'bo');
      await h.server.clock.advance(5000);
      return { status, result: await handle.result() };
    },
    { activities: { greet } },
  );
  expect(result).toEqual({ status: 'waiting', result: 'hello bo' });
  expect(h.server.engine.queryStats.attached).toBeGreaterThan(before);
});

test('query deferred while a workflow task is running, answered after it completes', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('query-deferred');
  let answer: Promise<string> | undefined;
  const before = h.server.engine.queryStats.deferred;
  const activities = {
    queryMe: async (id: string) => {
      answer = h.client.workflow.getHandle(id).query(stageQuery);
      await until(() => h.server.engine.queryStats.deferred > before);
    },
  };
  const handle = await h.client.workflow.start(queryDuringTask, { taskQueue: tq, workflowId });
  const stage = await h.withWorker(
    tq,
    async () => {
      await until(() => answer !== undefined);
      return answer;
    },
    { activities },
  );
  // The query waited for the task that ran the local activity and sees the state after it.
  expect(stage).toBe('after local activity');
  await handle.terminate();
});

test('legacy query task for an idle workflow, and QueryNotRegisteredError for an unknown query', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(approval, {
    taskQueue: tq,
    workflowId: h.workflowId('query-legacy'),
    args: [60000],
  });
  await h.withWorker(tq, async () => {
    await until(async () => (await handle.describe()).historyLength >= 5);
    const before = h.server.engine.queryStats.legacy;
    expect(await handle.query(statusQuery)).toBe('waiting');
    expect(h.server.engine.queryStats.legacy).toBeGreaterThan(before);
    await expect(handle.query('no-such-query')).rejects.toBeInstanceOf(QueryNotRegisteredError);
  });
  await handle.terminate();
});

test('query on a closed workflow is answered by replaying its history; reject condition NOT_OPEN refuses it', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('query-closed');
  const handle = await h.client.workflow.start(approval, { taskQueue: tq, workflowId, args: [60000] });
  await h.withWorker(
    tq,
    async () => {
      await handle.signal(approveSignal, 'cy');
      await until(async () => (await handle.describe()).historyLength > 10);
      await h.server.clock.advance(3000);
      await handle.result();
      expect(await handle.query(statusQuery)).toBe('sleeping');
    },
    { activities: { greet } },
  );
  const rejected = await h.connection.workflowService.queryWorkflow({
    namespace: 'default',
    execution: { workflowId },
    query: { queryType: 'status' },
    queryRejectCondition: 2, // NOT_OPEN
  });
  expect(rejected.queryRejected?.status).toBe(2); // COMPLETED
});

test('describe reports status, type, task queue and history length', async () => {
  const tq = h.taskQueue(); // no worker: the first task stays scheduled
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('describe') });
  const d = await handle.describe();
  expect(d).toMatchObject({ type: 'waitForPoke', taskQueue: tq, status: { name: 'RUNNING' }, historyLength: 2 });
  await handle.terminate();
  expect((await handle.describe()).status.name).toBe('TERMINATED');
});

test('terminate closes the workflow; result() fails with TerminatedFailure; a second terminate is NOT_FOUND', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('terminate') });
  await h.withWorker(tq, async () => {
    await until(async () => (await handle.describe()).historyLength >= 4);
    await handle.terminate('operator said so');
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
  });
  await expect(
    h.connection.workflowService.terminateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: handle.workflowId },
    }),
  ).rejects.toMatchObject({ code: status.NOT_FOUND });
  const history = await handle.fetchHistory();
  const last = history.events![history.events!.length - 1];
  expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('operator said so');
});

test('request-cancel: the workflow sees the cancellation', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(waitsForCancel, { taskQueue: tq, workflowId: h.workflowId('cancel') });
  const result = await h.withWorker(tq, async () => {
    await until(async () => (await handle.describe()).historyLength >= 5);
    await handle.cancel();
    return handle.result();
  });
  expect(result).toBe('saw cancellation');
  const types = (await handle.fetchHistory()).events!.map((e) => Number(e.eventType));
  expect(types).toContain(20); // WorkflowExecutionCancelRequested
  expect(types).toContain(19); // TimerCanceled
});
