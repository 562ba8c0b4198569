// Updates — UpdateWorkflowExecution with validators (accepted / rejected /
// completed), PollWorkflowExecutionUpdate, update-with-start (ExecuteMultiOperation).
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { eventTypes } from './support/history-shape';
import { startHarness, type Harness } from './support/devserver-harness';
import { addUpdate, counter, counterAfterLocalActivity, doneSignal, releaseSignal, slowAddUpdate } from './workflows';
import { until } from '../support/until';
import type { UpdateEntry } from '../../devserver/engine/update-state';

const E = temporal.api.enums.v1.EventType;

let h: Harness;
let sharedTq: string;
beforeAll(async () => {
  h = await startHarness();
  sharedTq = await h.sharedWorker(['queryMe']);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

test('update accepted and completed: the caller gets the handler result; history records both', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('update');
  const handle = await h.client.workflow.start(counter, { taskQueue: tq, workflowId });
  const [first, second, total] = await h.withWorker(tq, async () => {
    const a = await handle.executeUpdate(addUpdate, { args: [2] });
    const b = await handle.executeUpdate(addUpdate, { args: [5] });
    await handle.signal(doneSignal);
    return [a, b, await handle.result()];
  });
  expect([first, second, total]).toEqual([2, 7, 7]);
  const types = eventTypes(await handle.fetchHistory());
  expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(2);
  expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toHaveLength(2);
});

test('update rejected by its validator: WorkflowUpdateFailedError, nothing accepted', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(counter, { taskQueue: tq, workflowId: h.workflowId('update-rejected') });
  const error = await h.withWorker(tq, async () => {
    const err = await handle.executeUpdate(addUpdate, { args: [-1] }).catch((e: unknown) => e);
    expect(await handle.executeUpdate(addUpdate, { args: [1] })).toBe(1);
    await handle.signal(doneSignal);
    await handle.result();
    return err;
  });
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((error as WorkflowUpdateFailedError).cause as Error).message).toBe('only non-negative amounts');
  const types = eventTypes(await handle.fetchHistory());
  expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(1);
});

test('an accepted or rejected update lets its request go and keeps its outcome, which a repeated update id gets', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('update-request-let-go');
  const handle = await h.client.workflow.start(counter, { taskQueue: tq, workflowId });
  const answers = await h.withWorker(tq, async () => {
    const first = await handle.executeUpdate(addUpdate, { args: [3], updateId: 'add-three' });
    // The same id again: answered from the kept outcome, not run a second time (3, not 6).
    const repeated = await handle.executeUpdate(addUpdate, { args: [3], updateId: 'add-three' });
    const rejected = await handle
      .executeUpdate(addUpdate, { args: [-1], updateId: 'negative' })
      .catch((e: unknown) => e);
    await handle.signal(doneSignal);
    return { first, repeated, rejected, total: await handle.result() };
  });
  expect(answers.first).toBe(3);
  expect(answers.repeated).toBe(3);
  expect(answers.rejected).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(answers.total).toBe(3);
  const entries = Object.values(h.server.engine.runsOf('default', workflowId)[0].ext.updates ?? {}) as UpdateEntry[];
  expect(entries.map((e) => [e.updateId, e.state, e.request === undefined, e.outcome !== undefined]).sort()).toEqual([
    ['add-three', 'completed', true, true],
    ['negative', 'completed', true, true],
  ]);
});

test('startUpdate waits for ACCEPTED; the result comes later through PollWorkflowExecutionUpdate', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(counter, { taskQueue: tq, workflowId: h.workflowId('update-poll') });
  const result = await h.withWorker(tq, async () => {
    const updateHandle = await handle.startUpdate(slowAddUpdate, {
      args: [10],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const types = eventTypes(await handle.fetchHistory());
    expect(types).toContain(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    expect(types).not.toContain(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    await handle.signal(releaseSignal);
    const value = await h.client.workflow
      .getHandle(handle.workflowId)
      .getUpdateHandle<number>(updateHandle.updateId)
      .result();
    await handle.signal(doneSignal);
    await handle.result();
    return value;
  });
  expect(result).toBe(10);
});

test('update-with-start starts the workflow with the update, then updates the running one', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('update-with-start');
  const operation = () =>
    new WithStartWorkflowOperation(counter, { workflowId, taskQueue: tq, workflowIdConflictPolicy: 'USE_EXISTING' });
  const results = await h.withWorker(tq, async () => {
    const firstOp = operation();
    const first = await h.client.workflow.executeUpdateWithStart(addUpdate, {
      args: [5],
      startWorkflowOperation: firstOp,
    });
    const started = await firstOp.workflowHandle();
    const secondOp = operation();
    const second = await h.client.workflow.executeUpdateWithStart(addUpdate, {
      args: [3],
      startWorkflowOperation: secondOp,
    });
    expect((await (await secondOp.workflowHandle()).describe()).runId).toBe((await started.describe()).runId);
    await started.signal(doneSignal);
    return [first, second, await started.result()];
  });
  expect(results).toEqual([5, 8, 8]);
  expect(h.server.engine.runsOf('default', workflowId)).toHaveLength(1);
});

test('update of a closed workflow fails', async () => {
  const tq = sharedTq;
  const handle = await h.client.workflow.start(counter, { taskQueue: tq, workflowId: h.workflowId('update-closed') });
  await handle.terminate();
  await expect(handle.executeUpdate(addUpdate, { args: [1] })).rejects.toThrow();
});

test('an update arriving while a workflow task runs is delivered in the next task', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('update-during-task');
  let pending: Promise<number> | undefined;
  const activities = {
    queryMe: async (id: string) => {
      pending = h.client.workflow.getHandle(id).executeUpdate(addUpdate, { args: [4] });
      const run = () => h.server.engine.runsOf('default', id)[0];
      await until(() => !!run().ext.updates, 'the update to reach the run');
    },
  };
  const result = await h.withWorker(
    tq,
    async () => {
      const handle = await h.client.workflow.start(counterAfterLocalActivity, { taskQueue: tq, workflowId });
      await until(() => pending !== undefined, 'the activity to send the update');
      const updated = await pending!;
      await handle.signal(doneSignal);
      return [updated, await handle.result()];
    },
    { activities },
  );
  expect(result).toEqual([4, 4]);
});
