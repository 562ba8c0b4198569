import { startHarness, type Harness } from './support/devserver-harness';
import { approval, approveSignal, echo, statusQuery } from './workflows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('smoke: echo', async () => {
  const tq = h.taskQueue();
  const result = await h.withWorker(tq, () => h.client.workflow.execute(echo, { taskQueue: tq, workflowId: h.workflowId('echo'), args: ['hi'] }));
  expect(result).toBe('hi');
  expect(await h.replayAll()).toEqual([]);
});

test('smoke: approval', async () => {
  const tq = h.taskQueue();
  const result = await h.withWorker(
    tq,
    async () => {
      const handle = await h.client.workflow.start(approval, { taskQueue: tq, workflowId: h.workflowId('approval'), args: [30000] });
      expect(await handle.query(statusQuery)).toBe('waiting');
      await handle.signal(approveSignal, 'ann');
      return handle.result();
    },
    { activities: { greet: async (n: string) => `hello ${n}` } },
  );
  expect(result).toBe('hello ann');
  expect(await h.replayAll()).toEqual([]);
});
