// Schedules survive restarts and kill -9: what fell due while the server was down is caught up
// according to the catch-up window, exactly once, with time skipped rather than waited; time
// skipping moves schedules too. Scheduled workflows run on the real SDK worker and are replayed.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import knex from 'knex';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer, type ExecutionRecordSnapshot } from '../../devserver';
import { createExecutionStore, MemoryExecutionStore } from '../../devserver/persistence';
import { killSpawnedDevServers, spawnDevServer } from './fixtures/devserver-process';
import { quietRuntime, workflowBundle } from './support/devserver-harness';
import { historyShapeProblems } from './support/history-shape';
import { waitFor } from '../support/until';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sched_${crypto.randomBytes(6).toString('hex')}`;

beforeAll(() => quietRuntime());
afterAll(async () => {
  killSpawnedDevServers();
  const admin = knex({ client: 'pg', connection: DATABASE_URL });
  await admin.raw('drop schema if exists ?? cascade', [schema]);
  await admin.destroy();
});

/** Runs `fn` with a client and a worker (test workflows) against the server, then replays every scheduled run. */
async function withClient<T>(server: DevServer, taskQueue: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await workflowBundle() });
    return await worker.runUntil(() => fn(client));
  } finally {
    await native.close();
    await connection.close();
  }
}

async function replayScheduled(server: DevServer, client: Client, workflowIds: string[]): Promise<void> {
  const histories = [];
  for (const workflowId of workflowIds) {
    for (const run of server.engine.runsOf('default', workflowId)) {
      const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      expect(historyShapeProblems(history)).toEqual([]);
      histories.push({ workflowId, history });
    }
  }
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories))
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  expect(failures).toEqual([]);
}

const scheduledIds = async (client: Client, scheduleId: string): Promise<string[]> =>
  (await client.schedule.getHandle(scheduleId).describe()).info.recentActions
    .map((a) => a.action.workflow.workflowId)
    .sort();

test('downtime is caught up within the catch-up window, exactly once, across restarts on the same store', async () => {
  const store = new MemoryExecutionStore<ExecutionRecordSnapshot>();
  // 10:30 UTC: hourly nominal times at 11:00 … 15:00 fall due while the server is down until 15:30.
  const down = Date.UTC(2031, 2, 3, 10, 30);
  const first = await startDevServer({ persistence: store, manualTime: true, startTimeMs: down });
  await withClient(first, 'catch-up', (client) =>
    client.schedule.create({
      scheduleId: 'hourly',
      spec: { intervals: [{ every: '1 hour' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'echo',
        args: ['caught up'],
        taskQueue: 'catch-up',
        workflowId: 'hourly-wf',
      },
      policies: { catchupWindow: '90 minutes', overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    }),
  );
  await first.close();

  const second = await startDevServer({ persistence: store, manualTime: true, startTimeMs: down + 5 * HOUR });
  await withClient(second, 'catch-up', async (client) => {
    const d = await waitFor('the caught-up actions', async () => {
      const x = await client.schedule.getHandle('hourly').describe();
      return x.info.numActionsTaken === 2 && x.info.runningActions.length === 0 && x;
    });
    expect(d.info.numActionsMissedCatchupWindow).toBe(3);
    const ids = await scheduledIds(client, 'hourly');
    expect(ids).toEqual(['hourly-wf-2031-03-03T14:00:00Z', 'hourly-wf-2031-03-03T15:00:00Z']);
    for (const id of ids) expect(await client.workflow.getHandle(id).result()).toBe('caught up');
    await replayScheduled(second, client, ids);
  });
  await second.close();

  // Same time again: nothing is started twice.
  const third = await startDevServer({ persistence: store, manualTime: true, startTimeMs: down + 5 * HOUR });
  await withClient(third, 'catch-up', async (client) => {
    const d = await client.schedule.getHandle('hourly').describe();
    expect(d.info.numActionsTaken).toBe(2);
    expect(third.engine.runsOf('default', 'hourly-wf-2031-03-03T13:00:00Z')).toHaveLength(0);
  });
  await third.close();
}, 120_000);

test('a schedule survives kill -9 of a Postgres-backed devserver and catches up with time skipped', async () => {
  const db = `${DATABASE_URL}?schema=${schema}`;
  const child = await spawnDevServer(0, db);
  let createdAt = 0;
  try {
    const connection = await Connection.connect({ address: child.address });
    const client = new Client({ connection });
    await client.schedule.create({
      scheduleId: 'every-10-minutes',
      spec: { intervals: [{ every: '10 minutes' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'echo',
        args: ['after the crash'],
        taskQueue: 'crash-catch-up',
        workflowId: 'ten',
      },
      policies: { catchupWindow: '25 minutes', overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      memo: { purpose: 'durability' },
    });
    createdAt = (await client.schedule.getHandle('every-10-minutes').describe()).info.createdAt.getTime();
    await connection.close();
  } finally {
    await child.crash();
  }

  // Back two hours later in virtual time (not waited): 12 nominal times passed, 2 or 3 within 25 minutes.
  const restartAt = createdAt + 2 * HOUR;
  const persistence = await createExecutionStore<ExecutionRecordSnapshot>(db);
  const server = await startDevServer({ persistence, manualTime: true, startTimeMs: restartAt });
  try {
    await withClient(server, 'crash-catch-up', async (client) => {
      const handle = client.schedule.getHandle('every-10-minutes');
      const d = await waitFor('the caught-up actions', async () => {
        const x = await handle.describe();
        return x.info.numActionsTaken > 0 && x.info.runningActions.length === 0 && x;
      });
      const expected = [];
      for (let t = Math.floor(createdAt / (10 * MINUTE)) * 10 * MINUTE + 10 * MINUTE; t <= restartAt; t += 10 * MINUTE)
        if (restartAt - t <= 25 * MINUTE) expected.push(t);
      expect(d.info.numActionsTaken).toBe(expected.length);
      expect(d.info.numActionsMissedCatchupWindow).toBe(12 - expected.length);
      expect(d.memo).toEqual({ purpose: 'durability' });
      const ids = await scheduledIds(client, 'every-10-minutes');
      expect(ids).toEqual(expected.map((t) => `ten-${new Date(t).toISOString().replace('.000Z', 'Z')}`));
      for (const id of ids) expect(await client.workflow.getHandle(id).result()).toBe('after the crash');
      // The schedule keeps going on virtual time.
      await server.clock.advance(10 * MINUTE);
      await waitFor(
        'the next action',
        async () => (await handle.describe()).info.numActionsTaken === expected.length + 1,
      );
      await replayScheduled(server, client, await scheduledIds(client, 'every-10-minutes'));
    });
  } finally {
    await server.close();
  }

  // The standalone command lists the stored schedule when asked.
  const listing = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, '..', '..', 'devserver', 'cli.ts'),
      '--port',
      '0',
      '--db',
      db,
      '--list-schedules',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const printed = await new Promise<string>((resolve, reject) => {
      let out = '';
      listing.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/default\/every-10-minutes → echo; next \S+Z/.test(out)) resolve(out);
      });
      listing.once('exit', (code) => reject(new Error(`devserver exited (${String(code)}): ${out}`)));
    });
    expect(printed).toContain('Schedules (1):');
  } finally {
    const exited = new Promise((resolve) => listing.once('exit', resolve));
    if (listing.exitCode === null && listing.signalCode === null) {
      listing.kill('SIGTERM');
      await exited;
    }
  }
}, 180_000);

test('time skipping moves schedules: with no lock held, time jumps from action to action', async () => {
  const server = await startDevServer({ timeSkipping: true });
  try {
    await withClient(server, 'skipping', async (client) => {
      const start = server.clock.now();
      await client.schedule.create({
        scheduleId: 'daily',
        spec: { intervals: [{ every: '1 day' }] },
        action: {
          type: 'startWorkflow',
          workflowType: 'echo',
          args: ['skipped'],
          taskQueue: 'skipping',
          workflowId: 'daily',
        },
      });
      server.clock.unlock();
      await waitFor(
        'three daily actions',
        async () => (await client.schedule.getHandle('daily').describe()).info.numActionsTaken >= 3,
      );
      server.clock.lock();
      expect(server.clock.now() - start).toBeGreaterThanOrEqual(2 * 24 * HOUR);
      const ids = await scheduledIds(client, 'daily');
      for (const id of ids) await client.workflow.getHandle(id).result();
      await replayScheduled(server, client, ids);
    });
  } finally {
    await server.close();
  }
}, 120_000);
