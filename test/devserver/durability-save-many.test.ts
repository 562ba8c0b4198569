// Durable mode: a change that touches two runs — continue-as-new and a workflow retry close one run
// and create the next — reaches a store that offers saveMany in one call, so both runs become durable
// together (a crash can never keep the closed run without its successor, or the reverse).
import { MemoryExecutionStore } from '../../devserver/persistence';
import type { ExecutionRecordSnapshot } from '../../devserver';
import { startHarness, type Harness } from './support/devserver-harness';
import { countdown, failsUntilAttempt } from './workflows';

const RUNNING = 1;
const CONTINUED_AS_NEW = 6;
const FAILED = 3;

/** The persistence module's in-process store, recording which runs each call saved. */
class RecordingStore extends MemoryExecutionStore<ExecutionRecordSnapshot> {
  readonly calls: Array<{
    method: 'save' | 'saveMany';
    runs: Array<{ workflowId: string; runId: string; status: number; newExecutionRunId: string; version: number }>;
  }> = [];

  override async save(record: ExecutionRecordSnapshot): Promise<void> {
    this.calls.push({ method: 'save', runs: [summary(record)] });
    await super.save(record);
  }

  override async saveMany(records: readonly ExecutionRecordSnapshot[]): Promise<void> {
    this.calls.push({ method: 'saveMany', runs: records.map(summary) });
    await super.saveMany(records);
  }

  callsFor(workflowId: string): RecordingStore['calls'] {
    return this.calls.filter((c) => c.runs.some((r) => r.workflowId === workflowId));
  }
}

function summary(record: ExecutionRecordSnapshot) {
  return {
    workflowId: record.workflowId,
    runId: record.runId,
    status: record.status,
    newExecutionRunId: record.newExecutionRunId,
    version: record.version,
  };
}

let h: Harness;
let store: RecordingStore;
let tq: string;
beforeAll(async () => {
  store = new RecordingStore();
  h = await startHarness({ persistence: store });
  tq = await h.sharedWorker([]);
});
afterAll(async () => {
  expect(await h.replayAll()).toEqual([]);
  await h.close();
});

test('continue-as-new saves the closed run and its successor in one saveMany call', async () => {
  const workflowId = h.workflowId('save-many-can');
  const result = await h.client.workflow.execute(countdown, { taskQueue: tq, workflowId, args: [2] });
  const calls = store.callsFor(workflowId);
  // The engine never falls back to one-record saves when the store can save several at once.
  expect(calls.every((c) => c.method === 'saveMany')).toBe(true);
  const chaining = calls.filter((c) => c.runs.some((r) => r.status === CONTINUED_AS_NEW));
  expect(chaining).toHaveLength(2);
  for (const call of chaining) {
    const closed = call.runs.find((r) => r.status === CONTINUED_AS_NEW)!;
    const next = call.runs.find((r) => r.runId === closed.newExecutionRunId);
    expect(next).toMatchObject({ status: RUNNING, version: 1 });
  }
  // The last run is the one that completed, and it was created in the second chaining call.
  expect(chaining[1].runs.map((r) => r.runId)).toContain(result.runId);
  // What the store holds loads back as three runs chained the same way.
  const stored = (await store.loadAll()).filter((r) => r.workflowId === workflowId);
  expect(stored).toHaveLength(3);
});

test('a failed run and its retry run are saved in one saveMany call', async () => {
  const workflowId = h.workflowId('save-many-retry');
  const attempt = await h.client.workflow.execute(failsUntilAttempt, {
    taskQueue: tq,
    workflowId,
    args: [2],
    retry: { initialInterval: '1 second', maximumAttempts: 2 },
  });
  expect(attempt).toBe(2);
  const calls = store.callsFor(workflowId);
  expect(calls.every((c) => c.method === 'saveMany')).toBe(true);
  const chaining = calls.filter((c) => c.runs.some((r) => r.status === FAILED));
  expect(chaining).toHaveLength(1);
  const failed = chaining[0].runs.find((r) => r.status === FAILED)!;
  expect(failed.newExecutionRunId).not.toBe('');
  expect(chaining[0].runs.find((r) => r.runId === failed.newExecutionRunId)).toMatchObject({
    status: RUNNING,
    version: 1,
  });
});
