// The RPC inventory: system info, namespace, unimplemented areas, shutdown.
import { status } from '@grpc/grpc-js';
import { startHarness, type Harness } from './support/devserver-harness';
import { echo } from './workflows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('GetSystemInfo advertises the capabilities the core relies on', async () => {
  const info = await h.connection.workflowService.getSystemInfo({});
  expect(info.capabilities).toMatchObject({
    sdkMetadata: true,
    signalAndQueryHeader: true,
    internalErrorDifferentiation: true,
    activityFailureIncludeHeartbeat: true,
    encodedFailureAttributes: true,
    upsertMemo: true,
  });
  // Served since schedules and eager start exist (schedules.test.ts, eager-start.test.ts).
  expect(info.capabilities?.eagerWorkflowStart).toBe(true);
  expect(info.capabilities?.supportsSchedules).toBe(true);
  expect(info.capabilities?.nexus).toBeFalsy();
});

test('DescribeNamespace answers "default" and advertises no namespace capabilities', async () => {
  const ns = await h.connection.workflowService.describeNamespace({ namespace: 'default' });
  expect(ns.namespaceInfo?.name).toBe('default');
  const caps = ns.namespaceInfo?.capabilities ?? {};
  expect(Object.values(caps).some((v) => v === true)).toBe(false);
});

test.each([
  ['deleteWorkflowExecution', { namespace: 'default' }, /DeleteWorkflowExecution.*not implemented/],
  ['pollNexusTaskQueue', { namespace: 'default' }, /PollNexusTaskQueue.*Nexus/],
  ['describeDeployment', { namespace: 'default' }, /DescribeDeployment.*deployments/],
  ['setWorkerDeploymentCurrentVersion', { namespace: 'default' }, /SetWorkerDeploymentCurrentVersion.*versioning/],
  ['startBatchOperation', { namespace: 'default' }, /StartBatchOperation.*batch/],
] as const)('unsupported area answers UNIMPLEMENTED naming the method: %s', async (method, request, message) => {
  const service = h.connection.workflowService as unknown as Record<string, (req: unknown) => Promise<unknown>>;
  await expect(service[method](request)).rejects.toMatchObject({
    code: status.UNIMPLEMENTED,
    details: expect.stringMatching(message),
  });
});

test('ShutdownWorker is accepted and a worker shuts down promptly after running a workflow', async () => {
  await expect(
    h.connection.workflowService.shutdownWorker({ namespace: 'default', identity: 'x' }),
  ).resolves.toBeDefined();
  const tq = h.taskQueue();
  const result = await h.withWorker(tq, () =>
    h.client.workflow.execute(echo, { taskQueue: tq, workflowId: h.workflowId('echo'), args: ['ok'] }),
  );
  expect(result).toBe('ok');
  expect(await h.replayAll()).toEqual([]);
});
