// Child workflows (start, complete, fail, cancel, parent close policy)
// and signal / cancel of external workflows.
import { startHarness, type Harness } from './support/devserver-harness';
import {
  cancelsOther,
  parentCancelsChild,
  parentOfContinuingChild,
  parentStartsChildWithId,
  parentOfEcho,
  parentOfFailingChild,
  parentWithPolicies,
  signalsOther,
  waitForPoke,
  waitsForCancel,
} from './workflows';
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

const statusOf = async (workflowId: string) => (await h.client.workflow.getHandle(workflowId).describe()).status.name;

test('child workflow: start and complete', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('parent-echo');
  h.track(`${workflowId}-child`);
  const result = await h.withWorker(tq, () =>
    h.client.workflow.execute(parentOfEcho, { taskQueue: tq, workflowId, args: ['hi from child'] }),
  );
  expect(result).toEqual({ result: 'hi from child', parentOfChild: workflowId });
  const child = await h.client.workflow.getHandle(`${workflowId}-child`).describe();
  expect(child.parentExecution?.workflowId).toBe(workflowId);
  expect(child.status.name).toBe('COMPLETED');
});

test('child workflow: failure reaches the parent as ChildWorkflowFailure', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('parent-failing');
  h.track(`${workflowId}-child`);
  const summary = await h.withWorker(tq, () =>
    h.client.workflow.execute(parentOfFailingChild, { taskQueue: tq, workflowId }),
  );
  expect(summary).toMatchObject({
    error: 'ChildWorkflowFailure',
    cause: 'ApplicationFailure',
    applicationType: 'ChildError',
  });
});

test('child workflow: cancellation from the parent', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('parent-cancels');
  h.track(`${workflowId}-child`);
  const summary = await h.withWorker(tq, () =>
    h.client.workflow.execute(parentCancelsChild, { taskQueue: tq, workflowId }),
  );
  expect(summary).toMatchObject({ error: 'ChildWorkflowFailure', cancelled: true });
  expect(await statusOf(`${workflowId}-child`)).toBe('CANCELLED');
});

test('parent close policy: TERMINATE, ABANDON and REQUEST_CANCEL', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('parent-policies');
  const [terminate, abandon, requestCancel] = [
    `${workflowId}-terminate`,
    `${workflowId}-abandon`,
    `${workflowId}-request-cancel`,
  ];
  for (const id of [terminate, abandon, requestCancel]) h.track(id);
  await h.withWorker(tq, async () => {
    await h.client.workflow.execute(parentWithPolicies, { taskQueue: tq, workflowId });
    await until(async () => (await statusOf(terminate)) === 'TERMINATED');
    // The cancel request reaches the child, which (not handling it) ends as cancelled.
    await until(async () => (await statusOf(requestCancel)) === 'CANCELLED');
  });
  expect(await statusOf(abandon)).toBe('RUNNING');
  await h.client.workflow.getHandle(abandon).terminate();
});

test('signal an external workflow, and a signal to a missing workflow fails in the sender', async () => {
  const tq = sharedTq;
  const targetId = h.workflowId('signal-target');
  const target = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: targetId });
  const results = await h.withWorker(tq, async () => {
    const sent = await h.client.workflow.execute(signalsOther, {
      taskQueue: tq,
      workflowId: h.workflowId('signal-sender'),
      args: [targetId, 99],
    });
    const missing = await h.client.workflow.execute(signalsOther, {
      taskQueue: tq,
      workflowId: h.workflowId('signal-missing'),
      args: ['no-such-workflow', 1],
    });
    return { sent, missing, targetResult: await target.result() };
  });
  expect(results).toEqual({ sent: 'signalled', missing: 'failed: ApplicationFailure', targetResult: 99 });
});

test('cancel an external workflow: the target sees the cancellation', async () => {
  const tq = sharedTq;
  const targetId = h.workflowId('cancel-target');
  const target = await h.client.workflow.start(waitsForCancel, { taskQueue: tq, workflowId: targetId });
  const results = await h.withWorker(tq, async () => {
    await until(async () => (await target.describe()).historyLength >= 5);
    const sent = await h.client.workflow.execute(cancelsOther, {
      taskQueue: tq,
      workflowId: h.workflowId('cancel-sender'),
      args: [targetId],
    });
    return { sent, targetResult: await target.result() };
  });
  expect(results).toEqual({ sent: 'cancel requested', targetResult: 'saw cancellation' });
});

test('child workflow: starting a child whose id is running fails in the parent', async () => {
  const tq = sharedTq;
  const takenId = h.workflowId('taken-child-id');
  const existing = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: takenId });
  const result = await h.withWorker(tq, () =>
    h.client.workflow.execute(parentStartsChildWithId, {
      taskQueue: tq,
      workflowId: h.workflowId('parent-duplicate'),
      args: [takenId],
    }),
  );
  expect(result).toBe('failed: WorkflowExecutionAlreadyStartedError');
  await existing.terminate();
});

test('child workflow that continues as new: the parent receives the result of the last run', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('parent-can-child');
  h.track(`${workflowId}-child`);
  const result = await h.withWorker(tq, () =>
    h.client.workflow.execute(parentOfContinuingChild, { taskQueue: tq, workflowId }),
  );
  expect(result).toBe('followed the chain');
  expect(h.server.engine.runsOf('default', `${workflowId}-child`)).toHaveLength(3);
});
