// GetWorkflowExecutionHistory (long poll for the close event, pagination, reverse),
// ListWorkflowExecutions and CountWorkflowExecutions with the visibility query language.
import { temporal } from '@temporalio/proto';
import { startHarness, type Harness } from './support/devserver-harness';
import { pagedEventIds } from './support/history-pages';
import { echo, pokeSignal, waitForPoke } from './workflows';

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

test('GetWorkflowExecutionHistory long-polls for the close event (filter CLOSE_EVENT)', async () => {
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId: h.workflowId('close-event') });
  const closeEvent = h.connection.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: handle.workflowId },
    waitNewEvent: true,
    historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  let answered = false;
  void closeEvent.then(() => (answered = true));
  // A fixed wait on purpose: it proves the long poll does not answer before the workflow closes.
  await new Promise((r) => setTimeout(r, 100));
  expect(answered).toBe(false);
  await h.withWorker(tq, async () => {
    await handle.signal(pokeSignal, 3);
    await handle.result();
  });
  const response = await closeEvent;
  expect(response.history?.events?.map((e) => Number(e.eventType))).toEqual([
    E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  ]);
});

test('GetWorkflowExecutionHistory paginates with nextPageToken; reverse history pages backwards', async () => {
  const tq = h.taskQueue();
  const workflowId = h.workflowId('paginate');
  const handle = await h.client.workflow.start(waitForPoke, { taskQueue: tq, workflowId });
  await h.withWorker(tq, async () => {
    await handle.signal(pokeSignal, 1);
    await handle.result();
  });
  const full = (await handle.fetchHistory()).events!;
  const { eventIds: paged, pages } = await pagedEventIds(h.connection, workflowId, 3);
  expect(paged).toEqual(full.map((e) => Number(e.eventId)));
  expect(pages).toBe(Math.ceil(full.length / 3));
  const reverse = await h.connection.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: 'default',
    execution: { workflowId },
    maximumPageSize: 2,
  });
  expect(reverse.history!.events!.map((e) => Number(e.eventId))).toEqual([full.length, full.length - 1]);
  expect(reverse.nextPageToken?.length).toBeGreaterThan(0);
});

test('ListWorkflowExecutions and CountWorkflowExecutions filter with the visibility query language', async () => {
  const tq = h.taskQueue('visibility-list');
  const running = await h.client.workflow.start(waitForPoke, {
    taskQueue: tq,
    workflowId: h.workflowId('list-running'),
    searchAttributes: { CustomKeywordField: ['roads'], CustomIntField: [3] },
  });
  const doneId = h.workflowId('list-done');
  await h.withWorker(tq, () =>
    h.client.workflow.execute(echo, {
      taskQueue: tq,
      workflowId: doneId,
      args: ['x'],
      searchAttributes: { CustomKeywordField: ['parks'] },
    }),
  );

  const ids = async (query: string) => {
    const found: string[] = [];
    for await (const w of h.client.workflow.list({ query })) found.push(w.workflowId);
    return found.sort();
  };
  expect(await ids(`TaskQueue = '${tq}'`)).toEqual([doneId, running.workflowId].sort());
  expect(await ids(`TaskQueue = '${tq}' AND ExecutionStatus = 'Running'`)).toEqual([running.workflowId]);
  expect(await ids(`TaskQueue = '${tq}' AND WorkflowType = 'echo'`)).toEqual([doneId]);
  expect(await ids(`CustomKeywordField = 'roads' AND CustomIntField >= 2`)).toEqual([running.workflowId]);
  expect(await ids(`WorkflowId = '${doneId}' OR WorkflowId = '${running.workflowId}'`)).toEqual(
    [doneId, running.workflowId].sort(),
  );
  const count = await h.client.workflow.count(`TaskQueue = '${tq}'`);
  expect(count.count).toBe(2);
  const grouped = await h.client.workflow.count(`TaskQueue = '${tq}' GROUP BY ExecutionStatus`);
  expect(grouped.groups.map((g) => [String(g.groupValues[0]), g.count]).sort()).toEqual([
    ['Completed', 1],
    ['Running', 1],
  ]);
  await expect(h.client.workflow.count('WorkflowId = ')).rejects.toThrow();
  await running.terminate();
});
