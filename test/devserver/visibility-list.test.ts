import path from 'node:path';
import { Client, Connection, WorkflowExecutionInfo } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../devserver';
import { closeSignal, StageKey } from './fixtures/visibility-workflows';

// ListWorkflowExecutions / CountWorkflowExecutions through the real SDK client, with typed custom
// search attributes set at start and upserted by a workflow.
const Department = defineSearchAttributeKey('Department', SearchAttributeType.KEYWORD);
const Priority = defineSearchAttributeKey('Priority', SearchAttributeType.INT);
const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
const Tags = defineSearchAttributeKey('Tags', SearchAttributeType.KEYWORD_LIST);
const Escalated = defineSearchAttributeKey('Escalated', SearchAttributeType.BOOL);
const Summary = defineSearchAttributeKey('Summary', SearchAttributeType.TEXT);
const Score = defineSearchAttributeKey('Score', SearchAttributeType.DOUBLE);

const TASK_QUEUE = 'visibility-list';
let server: DevServer;
let nativeConnection: NativeConnection;
let connection: Connection;
let client: Client;
let workflowBundle: WorkflowBundleWithSourceMap;

interface CaseSpec {
  id: string;
  open: boolean;
  attributes: SearchAttributePair[];
}

const cases: CaseSpec[] = [
  {
    id: 'vis-pothole-1',
    open: true,
    attributes: [
      { key: Department, value: 'roads' },
      { key: Priority, value: 3 },
      { key: DueAt, value: new Date('2030-01-10T12:00:00Z') },
      { key: Tags, value: ['urgent', 'school-zone'] },
      { key: Escalated, value: true },
      { key: Summary, value: 'Deep pothole on Main Street' },
      { key: Score, value: 0.9 },
      { key: StageKey, value: 'triage' },
    ],
  },
  {
    id: 'vis-pothole-2',
    open: false,
    attributes: [
      { key: Department, value: 'roads' },
      { key: Priority, value: 1 },
      { key: DueAt, value: new Date('2030-02-01T00:00:00Z') },
      { key: Tags, value: ['minor'] },
      { key: Escalated, value: false },
      { key: Summary, value: 'Small crack near the park' },
    ],
  },
  {
    id: 'vis-permit-1',
    open: true,
    attributes: [
      { key: Department, value: 'permits' },
      { key: Priority, value: 2 },
      { key: StageKey, value: 'review' },
    ],
  },
  { id: 'vis-graffiti-1', open: false, attributes: [{ key: Department, value: 'parks' }] },
];

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this process
  }
  server = await startDevServer({});
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'fixtures', 'visibility-workflows.ts'),
    logger: new DefaultLogger('ERROR'),
  });
  nativeConnection = await NativeConnection.connect({ address: server.address });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue: TASK_QUEUE, workflowBundle });
  await worker.runUntil(async () => {
    for (const spec of cases) {
      const handle = await client.workflow.start(spec.open ? 'openCaseWorkflow' : 'closedCaseWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: spec.id,
        typedSearchAttributes: spec.attributes,
      });
      if (!spec.open) await handle.result();
    }
  });
});

afterAll(async () => {
  await connection?.close();
  await nativeConnection?.close();
  await server?.close();
});

async function listIds(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of client.workflow.list({ query })) ids.push(info.workflowId);
  return ids;
}

async function listInfos(query: string): Promise<WorkflowExecutionInfo[]> {
  const infos: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query })) infos.push(info);
  return infos;
}

const sorted = (ids: string[]): string[] => [...ids].sort();

test('filters on system fields and execution status', async () => {
  expect(sorted(await listIds("WorkflowId STARTS_WITH 'vis-pothole'"))).toEqual(['vis-pothole-1', 'vis-pothole-2']);
  expect(sorted(await listIds("ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH 'vis-'"))).toEqual([
    'vis-permit-1',
    'vis-pothole-1',
  ]);
  expect(sorted(await listIds("ExecutionStatus = 'Completed' AND WorkflowType = 'closedCaseWorkflow'"))).toEqual([
    'vis-graffiti-1',
    'vis-pothole-2',
  ]);
  expect(sorted(await listIds(`TaskQueue = '${TASK_QUEUE}' AND CloseTime IS NULL`))).toEqual([
    'vis-permit-1',
    'vis-pothole-1',
  ]);
  expect(await listIds("StartTime < '2000-01-01T00:00:00Z'")).toEqual([]);
});

test('filters on typed custom search attributes', async () => {
  expect(sorted(await listIds("Department = 'roads'"))).toEqual(['vis-pothole-1', 'vis-pothole-2']);
  expect(sorted(await listIds('Priority >= 2'))).toEqual(['vis-permit-1', 'vis-pothole-1']);
  expect(await listIds("DueAt BETWEEN '2030-01-01T00:00:00Z' AND '2030-01-31T00:00:00Z'")).toEqual(['vis-pothole-1']);
  expect(await listIds("Tags = 'urgent'")).toEqual(['vis-pothole-1']);
  expect(await listIds('Escalated = false')).toEqual(['vis-pothole-2']);
  expect(await listIds("Summary = 'main street'")).toEqual(['vis-pothole-1']);
  expect(await listIds('Score > 0.5')).toEqual(['vis-pothole-1']);
  expect(sorted(await listIds("(Department = 'parks' OR Priority = 2) AND WorkflowId STARTS_WITH 'vis-'"))).toEqual([
    'vis-graffiti-1',
    'vis-permit-1',
  ]);
  expect(sorted(await listIds("Department IN ('parks', 'permits') AND Priority IS NULL"))).toEqual(['vis-graffiti-1']);
});

test('orders by StartTime and returns typed search attributes to the client', async () => {
  // Starts may share a millisecond, so check the order of the start times rather than of the ids.
  const startTimes = (infos: WorkflowExecutionInfo[]): number[] => infos.map((info) => info.startTime.getTime());
  const ascending = await listInfos("WorkflowId STARTS_WITH 'vis-' ORDER BY StartTime ASC");
  const descending = await listInfos("WorkflowId STARTS_WITH 'vis-' ORDER BY StartTime DESC");
  expect(sorted(ascending.map((info) => info.workflowId))).toEqual(sorted(cases.map((c) => c.id)));
  expect(startTimes(ascending)).toEqual([...startTimes(ascending)].sort((a, b) => a - b));
  expect(startTimes(descending)).toEqual([...startTimes(ascending)].reverse());
  expect(new Set(startTimes(ascending)).size > 1).toBe(true);
  const [info] = await listInfos("WorkflowId = 'vis-pothole-1'");
  expect(info.typedSearchAttributes.get(Department)).toBe('roads');
  expect(info.typedSearchAttributes.get(Priority)).toBe(3);
  expect(info.typedSearchAttributes.get(DueAt)).toEqual(new Date('2030-01-10T12:00:00Z'));
  expect(info.typedSearchAttributes.get(Tags)).toEqual(['urgent', 'school-zone']);
});

test('counts, grouped by status when asked', async () => {
  expect((await client.workflow.count("WorkflowId STARTS_WITH 'vis-'")).count).toBe(4);
  const grouped = await client.workflow.count("WorkflowId STARTS_WITH 'vis-' GROUP BY ExecutionStatus");
  expect(grouped.count).toBe(4);
  const byStatus = Object.fromEntries(grouped.groups.map((group) => [JSON.stringify(group.groupValues), group.count]));
  expect(Object.values(byStatus).sort()).toEqual([2, 2]);
  expect(Object.keys(byStatus).join(' ')).toMatch(/Running/);
  expect(Object.keys(byStatus).join(' ')).toMatch(/Completed/);
});

test('sees search attributes a workflow upserts', async () => {
  const worker = await Worker.create({ connection: nativeConnection, taskQueue: TASK_QUEUE, workflowBundle });
  await worker.runUntil(async () => {
    const handle = client.workflow.getHandle('vis-permit-1');
    await handle.signal(closeSignal);
    await handle.result();
  });
  expect(await listIds("CaseStage = 'closing'")).toEqual(['vis-permit-1']);
  expect(await listIds("CaseStage = 'review'")).toEqual([]);
  expect(await listIds("CaseStage = 'triage'")).toEqual(['vis-pothole-1']);
});

/** The gRPC status under the client's ServiceError. */
async function grpcFailure(call: Promise<unknown>): Promise<{ code?: number; details?: string }> {
  try {
    await call;
  } catch (error) {
    return (error as { cause?: unknown }).cause ?? {};
  }
  throw new Error('expected the call to fail');
}

test('rejects a malformed query with INVALID_ARGUMENT and the position', async () => {
  const list = await grpcFailure(listIds("WorkflowId = 'unterminated"));
  expect(list.code).toBe(3);
  expect(list.details).toMatch(/unterminated string at position 14/);
  const count = await grpcFailure(client.workflow.count('Priority >'));
  expect(count.code).toBe(3);
  expect(count.details).toMatch(/expected a value, found end of query/);
});

test('every history it produced replays cleanly', async () => {
  const histories = await Promise.all(
    cases.map(async ({ id }) => ({ workflowId: id, history: await client.workflow.getHandle(id).fetchHistory() })),
  );
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'visibility-list' }, histories)) {
    expect({ workflowId: result.workflowId, error: result.error?.message }).toEqual({
      workflowId: result.workflowId,
      error: undefined,
    });
  }
});
