/**
 * `civicflow move-embedded-store`: an upgrade moves the embedded server's workflows out of a PGlite
 * directory into their schema in DATABASE_URL. Real workflows are written by a server into one
 * Postgres schema, moved by the command (a child process, as an operator runs it) into a PGlite
 * directory and from there, on the configuration's defaults, into a new database; a server started
 * on that database finishes them. PGlite only ever runs in the command's process (jest's VM cannot
 * load it).
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { createExecutionStore, MemoryExecutionStore, copyExecutionStore } from '../../devserver/persistence';
import { main as moveStoreCommand } from '../../cli/move-store-command';
import { startHarness } from './support/devserver-harness';
import { echo, sleeper, wakeOrTimeout, wakeSignal } from './workflows';
import { until } from '../support/until';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = path.join(__dirname, '..', '..');
const suffix = crypto.randomBytes(5).toString('hex');
const sourceSchema = `move_from_${suffix}`;
const otherSchema = `move_other_${suffix}`;
const newDatabase = `civicflow_move_${suffix}`;
const newDatabaseUrl = Object.assign(new URL(DATABASE_URL), { pathname: `/${newDatabase}` }).toString();
const schemaUrl = (schema: string, base = DATABASE_URL) => `${base}?schema=${schema}`;

let admin: Knex;
let dataDir: string;

beforeAll(async () => {
  admin = knex({ client: 'pg', connection: DATABASE_URL, pool: { min: 0, max: 2 } });
  await admin.raw('create database ??', [newDatabase]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-move-'));
});

afterAll(async () => {
  for (const schema of [sourceSchema, otherSchema]) await admin.raw('drop schema if exists ?? cascade', [schema]);
  await admin.raw('drop database if exists ?? with (force)', [newDatabase]);
  await admin.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `civicflow move-embedded-store …` as an operator runs it, with only the given variables. */
function moveStore(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'civicflow.js'), 'move-embedded-store', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('moves running workflows and schedules into the database; a server started there finishes them', async () => {
  const first = await startHarness({ persistence: await createExecutionStore(schemaUrl(sourceSchema)) });
  const tq = first.taskQueue();
  const ids = {
    done: first.workflowId('moved-done'),
    timer: first.workflowId('moved-timer'),
    signal: first.workflowId('moved-signal'),
  };
  const before = await first.withWorker(tq, async () => {
    await first.client.workflow.execute(echo, { taskQueue: tq, workflowId: ids.done, args: ['before the move'] });
    const timer = await first.client.workflow.start(sleeper, { taskQueue: tq, workflowId: ids.timer, args: [1500] });
    const waiting = await first.client.workflow.start(wakeOrTimeout, {
      taskQueue: tq,
      workflowId: ids.signal,
      args: [24 * 60 * 60 * 1000],
    });
    await until(
      async () => (await timer.describe()).historyLength >= 5 && (await waiting.describe()).historyLength >= 5,
    );
    await first.client.schedule.create({
      scheduleId: `moved-schedule-${suffix}`,
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: echo, args: ['scheduled'], taskQueue: tq },
    });
    return (await first.client.workflow.getHandle(ids.done).fetchHistory()).events;
  });
  await first.close();

  // Into a PGlite directory by explicit places; the source is a Postgres schema, so nothing is renamed.
  const pgliteDir = path.join(dataDir, 'temporal');
  const toDir = await moveStore(['--from', schemaUrl(sourceSchema), '--to', pgliteDir]);
  expect(toDir.stderr).toBe('');
  expect(toDir.code).toBe(0);
  expect(toDir.stdout).toMatch(/Copied and read back 3 runs, \d+ history events and 1 schedule\./);

  // From there on the defaults, as an upgrade runs it: TEMPORAL_DATA_DIR into DATABASE_URL.
  const env = { DATA_DIR: dataDir, DATABASE_URL: newDatabaseUrl };
  const intoDatabase = await moveStore([], env);
  expect(intoDatabase.stderr).toBe('');
  expect(intoDatabase.code).toBe(0);
  expect(intoDatabase.stdout).toContain(`from ${pgliteDir} to`);
  expect(intoDatabase.stdout).toContain('(schema temporal_embedded)');
  expect(intoDatabase.stdout).toMatch(/Copied and read back 3 runs/);
  // The directory is kept as a backup under another name, so the next start uses the database.
  expect(fs.existsSync(pgliteDir)).toBe(false);
  expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('temporal.moved-'))).toHaveLength(1);
  // Run again, there is nothing left to move.
  const again = await moveStore([], env);
  expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/holds no embedded store/) as string]);

  const moved = await startHarness({
    persistence: await createExecutionStore(schemaUrl('temporal_embedded', newDatabaseUrl)),
  });
  try {
    Object.values(ids).forEach((id) => moved.track(id));
    expect((await moved.client.workflow.getHandle(ids.done).fetchHistory()).events).toEqual(before);
    const results = await moved.withWorker(tq, async () => {
      const signal = moved.client.workflow.getHandle(ids.signal);
      await signal.signal(wakeSignal);
      return Promise.all([moved.client.workflow.getHandle(ids.timer).result(), signal.result()]);
    });
    expect(results[0]).toBeGreaterThanOrEqual(1500);
    expect(results[1]).toBe('woken');
    const schedule = await moved.client.schedule.getHandle(`moved-schedule-${suffix}`).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'echo' });
    expect(await moved.replayAll()).toEqual([]);
  } finally {
    await moved.close();
  }
}, 120_000);

test('refuses while a server holds the source, and names what is wrong with the command line', async () => {
  const held = await createExecutionStore(schemaUrl(sourceSchema), { exclusive: true });
  try {
    const refused = await moveStore(['--from', schemaUrl(sourceSchema), '--to', schemaUrl(otherSchema)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is in use by another server/);
    expect(refused.stderr).toContain('Nothing was renamed');
  } finally {
    await held.close();
  }
  // Usage errors, in this process: nothing is opened.
  const usage = async (args: string[]): Promise<[number, string]> => {
    let err = '';
    const code = await moveStoreCommand(args, { out: () => undefined, err: (text) => (err += text) }, {});
    return [code, err];
  };
  expect(await usage(['--from', schemaUrl(sourceSchema)])).toEqual([
    2,
    expect.stringContaining('DATABASE_URL is not set') as string,
  ]);
  expect(await usage(['--to', 'memory:', '--from', dataDir])).toEqual([
    2,
    expect.stringContaining('in memory') as string,
  ]);
  expect(await usage(['--from', schemaUrl(otherSchema), '--to', schemaUrl(otherSchema)])).toEqual([
    2,
    expect.stringContaining('the same store') as string,
  ]);
  expect(await usage(['--sideways'])).toEqual([2, expect.stringContaining('usage:') as string]);
  expect(await usage(['--to', 'mysql://db/x', '--from', dataDir])).toEqual([
    2,
    expect.stringContaining('unsupported database URL') as string,
  ]);
}, 60_000);

describe('copyExecutionStore', () => {
  const record = (workflowId: string, version: number, events: number) => ({
    namespace: 'default',
    workflowId,
    runId: `${workflowId}-run`,
    version,
    status: 1,
    workflowType: 'echo',
    startTimeMs: 1,
    closeTimeMs: 0,
    history: Array.from({ length: events }, (_, i) => ({ eventId: i + 1 })),
  });

  it('finishes an interrupted copy, and refuses a target holding workflows of its own before writing', async () => {
    const source = new MemoryExecutionStore();
    await source.saveMany([record('a', 3, 4), record('b', 2, 2), record('c', 5, 7)]);
    const target = await createExecutionStore(schemaUrl(otherSchema));
    try {
      // An earlier copy stopped after one run.
      await target.save(record('a', 3, 4));
      const progress: number[] = [];
      const report = await copyExecutionStore(source, target, {
        batchSize: 2,
        onProgress: (done) => progress.push(done),
      });
      expect(report).toEqual({ runs: 3, events: 13, schedules: 0, runsAlreadyThere: 1 });
      expect(progress).toEqual([2, 3]);
      const copied = await target.loadAll();
      expect(copied.map((run) => [run.workflowId, run.version, run.history.length]).sort()).toEqual([
        ['a', 3, 4],
        ['b', 2, 2],
        ['c', 5, 7],
      ]);

      const other = new MemoryExecutionStore();
      await other.save(record('d', 1, 1));
      await expect(copyExecutionStore(other, target)).rejects.toThrow(
        /holds workflows of its own.*run a\/a-run \(not in the source\)/,
      );
      const newer = new MemoryExecutionStore();
      await newer.saveMany([record('a', 4, 5), record('b', 2, 2), record('c', 5, 7)]);
      await expect(copyExecutionStore(newer, target)).rejects.toThrow(/run a\/a-run \(another version\)/);
      expect((await target.loadAll()).map((run) => run.workflowId).sort()).toEqual(['a', 'b', 'c']);
    } finally {
      await target.close();
    }
  });
});
