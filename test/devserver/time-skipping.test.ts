// Time skipping with the test server's model — the TestService RPCs used by
// @temporalio/testing's time-skipping client, and the in-process server.clock API.
import { msToTs } from '@temporalio/common/lib/time';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startHarness, type Harness } from './support/devserver-harness';
import { callActivity, sleeper } from './workflows';

let h: Harness;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  h = await startHarness({ timeSkipping: true });
  // createFromExistingServer hard-codes supportsTimeSkipping=false; the private create takes the flag.
  const create = (
    TestWorkflowEnvironment as unknown as { create(opts: object): Promise<TestWorkflowEnvironment> }
  ).create.bind(TestWorkflowEnvironment);
  env = await create({
    server: { type: 'existing' },
    address: h.server.address,
    namespace: 'default',
    supportsTimeSkipping: true,
  });
});
afterAll(async () => {
  await env?.teardown();
  await h?.close();
});
afterEach(async () => {
  expect(await h.replayAll()).toEqual([]);
});

async function runWithEnvWorker<T>(taskQueue: string, fn: () => Promise<T>, activities: object = {}): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: h.bundle,
    activities,
  });
  return worker.runUntil(fn);
}

test('TestWorkflowEnvironment (time-skipping client): a one-day sleep finishes at once', async () => {
  expect(env.supportsTimeSkipping).toBe(true);
  const tq = h.taskQueue();
  const workflowId = h.workflowId('skip-day');
  const before = await env.currentTimeMs();
  const elapsed = await runWithEnvWorker(tq, () =>
    env.client.workflow.execute(sleeper, { taskQueue: tq, workflowId, args: [24 * 60 * 60 * 1000] }),
  );
  expect(elapsed).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
  expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
});

test('env.sleep (UnlockTimeSkippingWithSleep) skips time; GetCurrentTime follows', async () => {
  const before = await env.currentTimeMs();
  await env.sleep('3 days');
  expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3 * 24 * 60 * 60 * 1000);
});

test('an activity retry with a one-hour backoff runs at once while the client waits for the result', async () => {
  const tq = h.taskQueue();
  let attempts = 0;
  const outcome = await runWithEnvWorker(
    tq,
    () =>
      env.client.workflow.execute(callActivity, {
        taskQueue: tq,
        workflowId: h.workflowId('skip-backoff'),
        args: ['flakyOnce', { startToCloseTimeout: '10s', retry: { initialInterval: '1 hour' } }, []],
      }),
    {
      flakyOnce: async () => {
        if (++attempts === 1) throw new Error('first attempt fails');
        return 'second attempt';
      },
    },
  );
  expect(outcome).toEqual({ ok: 'second attempt' });
});

test('locks: the client holds one lock initially; the clock does not skip while it is held', async () => {
  const server = h.server;
  expect(server.clock.locks()).toBeGreaterThanOrEqual(1);
  const start = server.clock.now();
  const tq = h.taskQueue();
  const handle = await h.client.workflow.start(sleeper, {
    taskQueue: tq,
    workflowId: h.workflowId('locked'),
    args: [60 * 60 * 1000],
  });
  const result = await h.withWorker(tq, async () => {
    // Locked: time only moves when the test advances it explicitly. A fixed wait on purpose: it gives
    // time skipping the chance to move the clock, which it must not take.
    await new Promise((r) => setTimeout(r, 200));
    expect(server.clock.now() - start).toBeLessThan(60 * 60 * 1000);
    server.clock.unlock();
    try {
      return await handle.result();
    } finally {
      server.clock.lock();
    }
  });
  expect(result).toBeGreaterThanOrEqual(60 * 60 * 1000);
});

test('TestService RPCs: LockTimeSkipping / UnlockTimeSkipping / SleepUntil / GetCurrentTime', async () => {
  const testService = env.connection.testService!;
  const { time } = await testService.getCurrentTime({});
  const nowMs = Number(time!.seconds) * 1000;
  await testService.unlockTimeSkipping({});
  await testService.sleepUntil({ timestamp: msToTs(nowMs + 7200 * 1000) });
  await testService.lockTimeSkipping({});
  const after = await testService.getCurrentTime({});
  expect(Number(after.time!.seconds) * 1000 - nowMs).toBeGreaterThanOrEqual(7200 * 1000);
});
