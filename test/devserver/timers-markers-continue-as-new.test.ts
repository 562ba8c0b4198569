// Timers (start, cancel, fire), markers (local activities, patched()),
// continue-as-new with continueAsNewSuggested and history size.
import { temporal } from '@temporalio/proto';
import { eventTypes } from './support/history-shape';
import { startHarness, type Harness } from './support/devserver-harness';
import {
  countdown,
  growsUntilSuggested,
  historyFacts,
  localActivityCaller,
  patchedWorkflow,
  sleeper,
  wakeOrTimeout,
  wakeSignal,
} from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;

let h: Harness;
let sharedTq: string;
beforeAll(async () => {
  h = await startHarness({ suggestContinueAsNewAfterEvents: 40 });
  sharedTq = await h.sharedWorker(['shout']);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

test('timer start and fire: a one-hour sleep completes when the virtual clock passes it', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('timer-fire');
  const elapsed = await h.withWorker(tq, async () => {
    const handle = await h.client.workflow.start(sleeper, { taskQueue: tq, workflowId, args: [60 * 60 * 1000] });
    await until(async () => eventTypes(await handle.fetchHistory()).includes(E.EVENT_TYPE_TIMER_STARTED));
    await h.server.clock.advance(60 * 60 * 1000);
    return handle.result();
  });
  // Workflow time follows the virtual clock through event timestamps.
  expect(elapsed).toBeGreaterThanOrEqual(60 * 60 * 1000);
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events!.find((e) => Number(e.eventType) === E.EVENT_TYPE_TIMER_STARTED)!;
  const fired = history.events!.find((e) => Number(e.eventType) === E.EVENT_TYPE_TIMER_FIRED)!;
  expect(Number(fired.timerFiredEventAttributes?.startedEventId)).toBe(Number(started.eventId));
});

test('timer cancel: a signal before the timeout cancels the timer', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('timer-cancel');
  const result = await h.withWorker(tq, async () => {
    const handle = await h.client.workflow.start(wakeOrTimeout, { taskQueue: tq, workflowId, args: [60 * 60 * 1000] });
    await until(async () => eventTypes(await handle.fetchHistory()).includes(E.EVENT_TYPE_TIMER_STARTED));
    await handle.signal(wakeSignal);
    return handle.result();
  });
  expect(result).toBe('woken');
  const types = eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory());
  expect(types).toContain(E.EVENT_TYPE_TIMER_CANCELED);
  expect(types).not.toContain(E.EVENT_TYPE_TIMER_FIRED);
  expect(h.server.engine.stats().armedTimers).toBe(0);
});

test('timer timeout path: condition times out when no signal comes', async () => {
  const tq = sharedTq;
  const result = await h.withWorker(tq, async () => {
    const handle = await h.client.workflow.start(wakeOrTimeout, {
      taskQueue: tq,
      workflowId: h.workflowId('timer-timeout'),
      args: [30_000],
    });
    await until(async () => eventTypes(await handle.fetchHistory()).includes(E.EVENT_TYPE_TIMER_STARTED));
    await h.server.clock.advance(30_000);
    return handle.result();
  });
  expect(result).toBe('timed out');
});

test('markers: a local activity records its result in a marker', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('local-activity');
  const result = await h.withWorker(
    tq,
    () => h.client.workflow.execute(localActivityCaller, { taskQueue: tq, workflowId, args: ['quiet'] }),
    {
      activities: { shout: async (s: string) => s.toUpperCase() },
    },
  );
  expect(result).toBe('QUIET');
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const markers = history.events!.filter((e) => Number(e.eventType) === E.EVENT_TYPE_MARKER_RECORDED);
  expect(markers.map((m) => m.markerRecordedEventAttributes?.markerName)).toEqual(['core_local_activity']);
});

test('markers: patched() records a patch marker', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('patched');
  expect(await h.withWorker(tq, () => h.client.workflow.execute(patchedWorkflow, { taskQueue: tq, workflowId }))).toBe(
    'patched',
  );
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const markers = history.events!.filter((e) => Number(e.eventType) === E.EVENT_TYPE_MARKER_RECORDED);
  expect(markers.map((m) => m.markerRecordedEventAttributes?.markerName)).toEqual(['core_patch']);
});

test('continue-as-new chains runs through newExecutionRunId and firstExecutionRunId', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('continue-as-new');
  const handle = await h.client.workflow.start(countdown, { taskQueue: tq, workflowId, args: [2] });
  const result = await h.withWorker(tq, () => handle.result());
  const runs = h.server.engine.runsOf('default', workflowId);
  expect(runs).toHaveLength(3);
  expect(result.firstRunId).toBe(handle.firstExecutionRunId);
  expect(result.runId).toBe(runs[2].runId);
  expect(result.continuedFromExecutionRunId).toBe(runs[1].runId);
  const first = await h.client.workflow.getHandle(workflowId, runs[0].runId).fetchHistory();
  const close = first.events![first.events!.length - 1];
  expect(Number(close.eventType)).toBe(E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  expect(close.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId).toBe(runs[1].runId);
  expect((await h.client.workflow.getHandle(workflowId, runs[0].runId).describe()).status.name).toBe(
    'CONTINUED_AS_NEW',
  );
});

test('WorkflowTaskStarted carries historySizeBytes and suggestContinueAsNew', async () => {
  const tq = sharedTq;
  const facts = await h.withWorker(tq, () =>
    h.client.workflow.execute(historyFacts, { taskQueue: tq, workflowId: h.workflowId('history-facts') }),
  );
  expect(facts.historyLength).toBe(3);
  expect(facts.historySize).toBeGreaterThan(0);
  expect(facts.continueAsNewSuggested).toBe(false);
  // This server suggests continue-as-new after 40 events.
  const workflowId = h.workflowId('suggested');
  const grown = await h.withWorker(tq, async () => {
    const handle = await h.client.workflow.start(growsUntilSuggested, { taskQueue: tq, workflowId, args: [false] });
    return handle.result();
  });
  expect(grown.historySize).toBeGreaterThan(0);
  const runs = h.server.engine.runsOf('default', workflowId);
  expect(runs).toHaveLength(2);
  expect(runs[0].history.length).toBeGreaterThanOrEqual(40);
});
