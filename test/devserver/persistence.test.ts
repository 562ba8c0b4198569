import crypto from 'node:crypto';
import knex, { Knex } from 'knex';
import {
  createExecutionStore,
  MemoryExecutionStore,
  parseStoreTarget,
  PersistenceError,
} from '../../devserver/persistence';
import { describeDurableStoreContract } from './fixtures/execution-store-contract';
import { waitFor } from '../support/until';
import { appendEvents, executionSnapshot } from './fixtures/execution-snapshot.fixture';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `persist_${crypto.randomBytes(6).toString('hex')}`;
let admin: Knex;

beforeAll(() => {
  admin = knex({ client: 'pg', connection: DATABASE_URL, pool: { min: 0, max: 2 } });
});

afterAll(async () => {
  await admin.raw('drop schema if exists ?? cascade', [schema]);
  await admin.destroy();
});

describe('Postgres execution store', () => {
  describeDurableStoreContract(
    () => ({
      open: () => createExecutionStore(`${DATABASE_URL}?schema=${schema}`),
      deleteEvent: async (workflowId, runId, eventId) => {
        await admin
          .withSchema(schema)
          .table('temporal_history_events')
          .where({ workflow_id: workflowId, run_id: runId, event_id: eventId })
          .delete();
      },
      countEvents: async (workflowId, runId) => {
        const [{ count }] = await admin
          .withSchema(schema)
          .table('temporal_history_events')
          .where({ workflow_id: workflowId, run_id: runId })
          .count({ count: '*' });
        return Number(count);
      },
    }),
    { extended: true },
  );

  it('creates prefixed tables in the requested schema', async () => {
    const store = await createExecutionStore(DATABASE_URL, { schema, tablePrefix: 'temporal_' });
    await store.close();
    const tables = await admin('information_schema.tables').where({ table_schema: schema }).pluck('table_name');
    expect([...tables].sort()).toEqual(['temporal_executions', 'temporal_history_events', 'temporal_schedules']);
  });

  it('keeps schedules: newest version wins, delete removes', async () => {
    const store = await createExecutionStore(`${DATABASE_URL}?schema=${schema}`);
    const schedule = (version: number, note: string) => ({ namespace: 'default', scheduleId: 'sweep', version, note });
    await store.saveSchedule(schedule(2, 'second'));
    await store.saveSchedule(schedule(1, 'stale'));
    await store.saveSchedule({ namespace: 'default', scheduleId: 'report', version: 1 });
    await store.close();
    const reopened = await createExecutionStore(`${DATABASE_URL}?schema=${schema}`);
    const loaded = await reopened.loadSchedules<{
      namespace: string;
      scheduleId: string;
      version: number;
      note?: string;
    }>();
    expect(loaded.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId))).toEqual([
      { namespace: 'default', scheduleId: 'report', version: 1 },
      { namespace: 'default', scheduleId: 'sweep', version: 2, note: 'second' },
    ]);
    await reopened.deleteSchedule('default', 'sweep');
    expect((await reopened.loadSchedules()).map((s) => s.scheduleId)).toEqual(['report']);
    await reopened.close();
  });

  it('keeps the query columns of the latest version for operators to inspect', async () => {
    const store = await createExecutionStore(`${DATABASE_URL}?schema=${schema}`);
    const v1 = executionSnapshot({ workflowId: 'columns' }, 2);
    await store.save(v1);
    await store.save(appendEvents({ ...v1, status: 2, closeTimeMs: 1_700_000_500_000 }, 1));
    await store.close();
    const row = (await admin
      .withSchema(schema)
      .table('temporal_executions')
      .where({ workflow_id: 'columns' })
      .first()) as Record<string, unknown>;
    expect(row).toMatchObject({
      version: '2',
      status: 2,
      workflow_type: 'caseWorkflow',
      close_time_ms: '1700000500000',
      history_length: 3,
    });
  });

  it('lets one server at a time open a store exclusively, and frees it on close', async () => {
    const target = `${DATABASE_URL}?schema=${schema}`;
    const holder = await createExecutionStore(target, { exclusive: true });
    await expect(createExecutionStore(target, { exclusive: true })).rejects.toThrow(
      new RegExp(`${schema}\\.temporal_\\* is in use by another server`),
    );
    // Tables under another prefix are another store; a reader that does not ask for the lock is not refused.
    const other = await createExecutionStore(target, { exclusive: true, tablePrefix: 'other_' });
    const reader = await createExecutionStore(target);
    await Promise.all([other.close(), reader.close()]);
    await holder.close();
    const reopened = await createExecutionStore(target, { exclusive: true });
    await reopened.close();
  });

  it('tells the holder when its lock is lost, and lets another server take the store then', async () => {
    const target = `${DATABASE_URL}?schema=${schema}`;
    const lost: Error[] = [];
    const holder = await createExecutionStore(target, { exclusive: true, onLockLost: (error) => lost.push(error) });
    // Postgres ends the session holding this store's lock (a restart or a cut connection would too).
    const ended = await admin.raw<{ rows: { ended: boolean }[] }>(
      `select pg_terminate_backend(pid) as ended from pg_locks
        where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())
          and objid::bigint = (hashtext(?)::bigint & 4294967295)`,
      [`civicflow-devserver-store:${schema}:temporal_`],
    );
    expect(ended.rows.map((row) => row.ended)).toEqual([true]);
    await waitFor('the lost lock to be reported', () => lost.length > 0, 10_000, 20);
    expect(lost).toHaveLength(1);
    const next = await createExecutionStore(target, { exclusive: true });
    await Promise.all([next.close(), holder.close()]);
  });

  it('fails with a PersistenceError naming the database when it cannot connect', async () => {
    await expect(createExecutionStore('postgres://postgres@127.0.0.1:1/nowhere')).rejects.toThrow(PersistenceError);
    await expect(createExecutionStore('postgres://postgres:secret@127.0.0.1:1/nowhere')).rejects.toThrow(
      /Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
  });
});

describe('memory execution store', () => {
  it('keeps copies taken at save time, guarded by version', async () => {
    const store = await createExecutionStore(undefined);
    expect(store).toBeInstanceOf(MemoryExecutionStore);
    const v1 = executionSnapshot({ workflowId: 'mem' }, 2);
    const v2 = appendEvents(v1, 1);
    await store.save(v2);
    await store.save(v1);
    const expected = structuredClone(v2);
    v2.history.push({ eventId: 99 });
    expect(await store.loadAll()).toEqual([expected]);
    const loaded = await store.loadAll();
    loaded[0].status = 5;
    expect((await store.loadAll())[0].status).toBe(1);
    await store.close();
  });

  it('copies only the events beyond those it holds, and gives back the whole history', async () => {
    const store = new MemoryExecutionStore();
    const v1 = executionSnapshot({ workflowId: 'grow' }, 2);
    await store.save(v1);
    const held = structuredClone(v1.history);
    // The engine's history is append-only: an event the store holds is not serialised again.
    (v1.history[0] as { taskId: number }).taskId = -1;
    const v2 = appendEvents(v1, 3);
    await store.save(v2);
    const [loaded] = await store.loadAll();
    expect(loaded.history).toEqual([...held, ...v2.history.slice(2)]);
    expect(loaded.version).toBe(2);

    // A newer version whose history does not extend what is held is copied whole.
    const v3 = { ...executionSnapshot({ workflowId: 'grow' }, 1), version: 3 };
    await store.save(v3);
    expect((await store.loadAll())[0].history).toEqual(v3.history);

    // One invalid record in a batch leaves the whole batch unsaved.
    const v4 = appendEvents(v3, 1);
    await expect(store.saveMany([v4, { ...v4, workflowId: 'other', runId: '' }])).rejects.toThrow(PersistenceError);
    expect((await store.loadAll())[0]).toEqual(v3);
  });
});

describe('store targets', () => {
  it.each([
    [undefined, { kind: 'memory' }],
    ['', { kind: 'memory' }],
    ['memory:', { kind: 'memory' }],
    ['postgres://u@h:5432/db', { kind: 'postgres', connectionString: 'postgres://u@h:5432/db', schema: undefined }],
    [
      'postgresql://u@h/db?schema=s1&sslmode=disable',
      { kind: 'postgres', connectionString: 'postgresql://u@h/db?sslmode=disable', schema: 's1' },
    ],
    ['./data/devserver', { kind: 'pglite', dataDir: './data/devserver' }],
    ['/var/lib/civicflow', { kind: 'pglite', dataDir: '/var/lib/civicflow' }],
  ])('parses %p', (target, expected) => {
    expect(parseStoreTarget(target)).toEqual(expected);
  });

  it.each([
    ['mysql://u@h/db', /unsupported database URL/],
    ['postgres://u@h/db?schema=bad-name;drop', /invalid schema name/],
  ])('rejects %p', (target, message) => {
    expect(() => parseStoreTarget(target)).toThrow(message);
  });
});
