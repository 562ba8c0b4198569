// Activities — retry policy with backoff, non-retryable errors, the four timeouts,
// heartbeat details on retry, cancellation of scheduled and started activities, async completion.
import { Context, CompleteAsyncError, activityInfo } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { eventTypes } from './support/history-shape';
import { delegatingActivities, startHarness, type Harness } from './support/devserver-harness';
import { callActivity, cancelActivityOnSignal, cancelSignal, type ActivityOutcome } from './workflows';
import { until } from '../support/until';

const E = temporal.api.enums.v1.EventType;

const ACTIVITY_NAMES = [
  'flaky',
  'rejectInput',
  'fatal',
  'alwaysFails',
  'hang',
  'keepsFailing',
  'resumable',
  'cancellable',
  'completesLater',
] as const;
/** What each activity does in the current test (the shared worker delegates here). */
const impl: Record<string, ((...args: never[]) => Promise<unknown>) | undefined> = {};

let h: Harness;
let sharedTq: string;
beforeAll(async () => {
  h = await startHarness();
  sharedTq = await h.sharedWorker(delegatingActivities(ACTIVITY_NAMES, impl));
});
afterEach(() => {
  for (const name of Object.keys(impl)) delete impl[name];
});

/** Runs `fn` with the shared worker executing `activities`. */
function withActivities<T>(activities: object, fn: () => Promise<T>): Promise<T> {
  Object.assign(impl, activities);
  return fn();
}
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

/** Drives virtual time forward in steps until `work` settles (retries and timeouts on the server clock). */
async function withTimeDriven<T>(work: Promise<T>, stepMs = 500): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  while (!done) {
    // The pace of the time driver: real work runs between two steps of virtual time.
    await new Promise((r) => setTimeout(r, 15));
    if (!done) await h.server.clock.advance(stepMs);
  }
  return settled;
}

/** Activities that block until released (or cancelled), so tests can time them out. */
const releases: Array<() => void> = [];
function blockUntilReleased(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    releases.push(resolve);
    Context.current().cancelled.catch(reject);
  });
}
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

function runCall(
  tq: string,
  workflowId: string,
  name: string,
  options: object,
  activities: object,
  args: unknown[] = [],
): Promise<ActivityOutcome> {
  return withActivities(activities, () =>
    withTimeDriven(h.client.workflow.execute(callActivity, { taskQueue: tq, workflowId, args: [name, options, args] })),
  );
}

test('retry policy: failed attempts are retried with exponential backoff; only the final attempt is in history', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('retry');
  const scheduledAt: number[] = [];
  const activities = {
    flaky: async () => {
      const info = activityInfo();
      scheduledAt.push(info.currentAttemptScheduledTimestampMs);
      if (info.attempt < 3) throw new Error(`attempt ${info.attempt} failed`);
      return info.attempt;
    },
  };
  const outcome = await runCall(
    tq,
    workflowId,
    'flaky',
    { startToCloseTimeout: '10s', retry: { initialInterval: '1s', backoffCoefficient: 2 } },
    activities,
  );
  expect(outcome).toEqual({ ok: 3 });
  expect(scheduledAt[1] - scheduledAt[0]).toBeGreaterThanOrEqual(1000);
  expect(scheduledAt[2] - scheduledAt[1]).toBeGreaterThanOrEqual(2000);
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events!.filter((e) => Number(e.eventType) === E.EVENT_TYPE_ACTIVITY_TASK_STARTED);
  expect(started).toHaveLength(1);
  expect(started[0].activityTaskStartedEventAttributes?.attempt).toBe(3);
  expect(started[0].activityTaskStartedEventAttributes?.lastFailure?.message).toBe('attempt 2 failed');
});

test('non-retryable errors: nonRetryable failures and nonRetryableErrorTypes stop retries; maximumAttempts ends them', async () => {
  const tq = sharedTq;
  let calls = 0;
  const activities = {
    rejectInput: async () => {
      calls++;
      throw ApplicationFailure.nonRetryable('bad input', 'BadInput');
    },
    fatal: async () => {
      calls++;
      throw ApplicationFailure.create({ message: 'fatal', type: 'Fatal' });
    },
    alwaysFails: async () => {
      calls++;
      throw new Error('again');
    },
  };
  const options = { startToCloseTimeout: '10s', retry: { initialInterval: '1s', nonRetryableErrorTypes: ['Fatal'] } };
  const a = await runCall(tq, h.workflowId('non-retryable'), 'rejectInput', options, activities);
  expect(a).toMatchObject({
    failed: { error: 'ActivityFailure', applicationType: 'BadInput', retryState: 'NON_RETRYABLE_FAILURE' },
  });
  const b = await runCall(tq, h.workflowId('non-retryable-type'), 'fatal', options, activities);
  expect(b).toMatchObject({ failed: { applicationType: 'Fatal', retryState: 'NON_RETRYABLE_FAILURE' } });
  expect(calls).toBe(2);
  const c = await runCall(
    tq,
    h.workflowId('max-attempts'),
    'alwaysFails',
    { startToCloseTimeout: '10s', retry: { initialInterval: '1s', maximumAttempts: 3 } },
    activities,
  );
  expect(c).toMatchObject({ failed: { retryState: 'MAXIMUM_ATTEMPTS_REACHED' } });
  expect(calls).toBe(5);
});

test('start-to-close timeout', async () => {
  const tq = sharedTq;
  const outcome = await runCall(
    tq,
    h.workflowId('start-to-close'),
    'hang',
    { startToCloseTimeout: '5s', retry: { maximumAttempts: 1 } },
    { hang: blockUntilReleased },
  );
  expect(outcome).toMatchObject({ failed: { cause: 'TimeoutFailure', timeoutType: 'START_TO_CLOSE' } });
});

test('schedule-to-close timeout ends retries', async () => {
  const tq = sharedTq;
  let attempts = 0;
  const activities = {
    keepsFailing: async () => {
      attempts++;
      throw new Error('still broken');
    },
  };
  const outcome = await runCall(
    tq,
    h.workflowId('schedule-to-close'),
    'keepsFailing',
    { scheduleToCloseTimeout: '10s', retry: { initialInterval: '1s' } },
    activities,
  );
  expect(outcome).toMatchObject({ failed: { error: 'ActivityFailure' } });
  expect(attempts).toBeGreaterThan(1);
  const hang = await runCall(
    tq,
    h.workflowId('schedule-to-close-hang'),
    'hang',
    { scheduleToCloseTimeout: '5s' },
    { hang: blockUntilReleased },
  );
  expect(hang).toMatchObject({ failed: { cause: 'TimeoutFailure', timeoutType: 'SCHEDULE_TO_CLOSE' } });
});

test('schedule-to-start timeout when no worker polls the activity queue', async () => {
  const tq = sharedTq;
  const outcome = await runCall(
    tq,
    h.workflowId('schedule-to-start'),
    'nobodyRunsMe',
    {
      taskQueue: h.taskQueue('no-workers'),
      scheduleToStartTimeout: '5s',
      startToCloseTimeout: '10s',
    },
    {},
  );
  expect(outcome).toMatchObject({ failed: { cause: 'TimeoutFailure', timeoutType: 'SCHEDULE_TO_START' } });
});

test('heartbeat timeout; the last heartbeat details reach the next attempt', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('heartbeat');
  const activities = {
    resumable: async () => {
      const info = activityInfo();
      if (info.attempt === 1) {
        Context.current().heartbeat({ step: 7 });
        await blockUntilReleased();
      }
      return { attempt: info.attempt, resumedFrom: info.heartbeatDetails as unknown };
    },
  };
  const outcome = await withActivities(activities, async () => {
    const handle = await h.client.workflow.start(callActivity, {
      taskQueue: tq,
      workflowId,
      args: ['resumable', { startToCloseTimeout: '1m', heartbeatTimeout: '2s', retry: { initialInterval: '1s' } }, []],
    });
    await until(async () => !!(await handle.describe()).raw.pendingActivities?.[0]?.heartbeatDetails);
    return withTimeDriven(handle.result());
  });
  expect(outcome).toEqual({ ok: { attempt: 2, resumedFrom: { step: 7 } } });
});

test('clock.advance waits for an activity attempt a worker holds instead of timing it out by the jump', async () => {
  const workflowId = h.workflowId('advance-over-activity');
  const outcome = await withActivities(
    {
      hang: async () => {
        await blockUntilReleased();
        return 'done';
      },
    },
    async () => {
      const handle = await h.client.workflow.start(callActivity, {
        taskQueue: sharedTq,
        workflowId,
        args: ['hang', { startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } }, []],
      });
      // Running in the worker (the server counts an attempt started a little before the function runs).
      await until(() => releases.length > 0);
      // The jump passes the attempt's 1-minute start-to-close timeout; the worker finishes it meanwhile
      // (however slow the machine: the clock may wait up to 30 s for it).
      const advancing = h.server.clock.advance(2 * 60_000, { waitForTasksMs: 30_000 });
      for (const release of releases.splice(0)) release();
      await advancing;
      return handle.result();
    },
  );
  expect(outcome).toEqual({ ok: 'done' });
  const types = eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory());
  expect(types).toContain(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  expect(types).not.toContain(E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
});

test('cancellation of a scheduled (not started) activity', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('cancel-scheduled');
  const outcome = await withActivities({}, async () => {
    const handle = await h.client.workflow.start(cancelActivityOnSignal, {
      taskQueue: tq,
      workflowId,
      args: ['neverRuns', { taskQueue: h.taskQueue('no-workers'), startToCloseTimeout: '10s' }],
    });
    await until(async () => ((await handle.describe()).raw.pendingActivities?.length ?? 0) > 0);
    await handle.signal(cancelSignal);
    return handle.result();
  });
  expect(outcome).toMatchObject({ failed: { cancelled: true } });
  const types = eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory());
  expect(types).toContain(E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
  expect(types).toContain(E.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  expect(types).not.toContain(E.EVENT_TYPE_ACTIVITY_TASK_STARTED);
});

test('cancellation of a started activity reaches it through heartbeats', async () => {
  const tq = sharedTq;
  const workflowId = h.workflowId('cancel-started');
  let sawCancel = false;
  const activities = {
    cancellable: async () => {
      for (;;) {
        Context.current().heartbeat();
        try {
          // The activity's own heartbeat pace, until it is cancelled.
          await Promise.race([Context.current().cancelled, new Promise((r) => setTimeout(r, 50))]);
        } catch (err) {
          if (err instanceof CancelledFailure) sawCancel = true;
          throw err;
        }
      }
    },
  };
  const outcome = await withActivities(activities, async () => {
    const handle = await h.client.workflow.start(cancelActivityOnSignal, {
      taskQueue: tq,
      workflowId,
      args: ['cancellable', { startToCloseTimeout: '1m', heartbeatTimeout: '1s' }],
    });
    await until(
      async () =>
        (await handle.describe()).raw.pendingActivities?.[0]?.state ===
        temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    );
    await handle.signal(cancelSignal);
    return handle.result();
  });
  expect(sawCancel).toBe(true);
  expect(outcome).toMatchObject({ failed: { cancelled: true } });
  const types = eventTypes(await h.client.workflow.getHandle(workflowId).fetchHistory());
  const requested = types.indexOf(E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
  expect(types.slice(requested)).toEqual(
    expect.arrayContaining([E.EVENT_TYPE_ACTIVITY_TASK_STARTED, E.EVENT_TYPE_ACTIVITY_TASK_CANCELED]),
  );
});

test('async completion by task token and by activity id', async () => {
  const tq = sharedTq;
  const tokens: Uint8Array[] = [];
  const activities = {
    completesLater: async () => {
      tokens.push(activityInfo().taskToken);
      throw new CompleteAsyncError();
    },
  };
  const results = await withActivities(activities, async () => {
    const byToken = await h.client.workflow.start(callActivity, {
      taskQueue: tq,
      workflowId: h.workflowId('async-token'),
      args: ['completesLater', { startToCloseTimeout: '1m' }, []],
    });
    await until(() => tokens.length === 1);
    await h.client.activity.heartbeat(tokens[0], 'still working');
    await h.client.activity.complete(tokens[0], 'done by token');
    const byIdWorkflowId = h.workflowId('async-id');
    const byId = await h.client.workflow.start(callActivity, {
      taskQueue: tq,
      workflowId: byIdWorkflowId,
      args: ['completesLater', { startToCloseTimeout: '1m', activityId: 'approval-step' }, []],
    });
    await until(() => tokens.length === 2);
    await h.client.activity.complete({ workflowId: byIdWorkflowId, activityId: 'approval-step' }, 'done by id');
    return [await byToken.result(), await byId.result()];
  });
  expect(results).toEqual([{ ok: 'done by token' }, { ok: 'done by id' }]);
});
