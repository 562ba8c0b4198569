import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExecutionStore, holdsPgliteStore, type DurableExecutionStore } from '../../devserver/persistence';
import type { ExecutionRecordSnapshot } from './fixtures/execution-snapshot.fixture';
import { describeDurableStoreContract } from './fixtures/execution-store-contract';
import { StoreHost } from './fixtures/store-host-client';

// PGlite runs in a child process (see fixtures/store-host.ts: jest's VM cannot load it). It is
// single-connection, so opening a store first closes the previous one, like a restart would.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-pglite-'));
type ExecutionStore = DurableExecutionStore<ExecutionRecordSnapshot>;

const host = new StoreHost();
/** The store open in the host right now (the host process holds one at a time). */
let current: ExecutionStore | undefined;

async function closeCurrent(): Promise<void> {
  const store = current;
  current = undefined;
  await store?.close();
}

afterAll(async () => {
  await host.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('PGlite execution store', () => {
  describeDurableStoreContract(
    () => ({
      open: async () => {
        await closeCurrent();
        const store = await host.openStore(dataDir);
        current = store;
        // Closing a handle whose store was already closed by a later open is a no-op.
        return {
          loadAll: (options) => store.loadAll(options),
          loadEvents: (range) => store.loadEvents!(range),
          save: (record) => store.save(record),
          saveMany: (records) => store.saveMany(records),
          loadSchedules: () => store.loadSchedules(),
          saveSchedule: (schedule) => store.saveSchedule(schedule),
          deleteSchedule: (namespace, scheduleId) => store.deleteSchedule(namespace, scheduleId),
          close: async () => {
            if (current === store) await closeCurrent();
          },
        };
      },
      deleteEvent: async (workflowId, runId, eventId) => {
        await closeCurrent();
        await host.sql(
          dataDir,
          'delete from temporal_history_events where workflow_id = $1 and run_id = $2 and event_id = $3',
          [workflowId, runId, eventId],
        );
      },
      countEvents: async (workflowId, runId) => {
        await closeCurrent();
        const [row] = await host.sql<{ count: number }>(
          dataDir,
          'select count(*)::int as count from temporal_history_events where workflow_id = $1 and run_id = $2',
          [workflowId, runId],
        );
        return row.count;
      },
    }),
    { extended: false },
  );

  it('keeps schedules across a reopen: newest version wins, delete removes', async () => {
    await closeCurrent();
    const store = await host.openStore(dataDir);
    await store.saveSchedule({ namespace: 'default', scheduleId: 'sweep', version: 3 });
    await store.saveSchedule({ namespace: 'default', scheduleId: 'sweep', version: 2 });
    await store.close();
    const reopened = await host.openStore(dataDir);
    expect(await reopened.loadSchedules()).toEqual([{ namespace: 'default', scheduleId: 'sweep', version: 3 }]);
    await reopened.deleteSchedule('default', 'sweep');
    expect(await reopened.loadSchedules()).toEqual([]);
    await reopened.close();
  });

  it('refuses a directory another process has open, and frees it on close', async () => {
    await closeCurrent();
    const holder = await host.openStore(dataDir);
    // From this (jest) process: the lock is checked before PGlite would be started here.
    await expect(createExecutionStore(dataDir)).rejects.toThrow(/is in use by process \d+/);
    await holder.close();
    const reopened = await host.openStore(dataDir);
    await reopened.close();
  });

  it('creates the data directory when it does not exist', async () => {
    await closeCurrent();
    const nested = path.join(dataDir, 'nested', 'db');
    expect(holdsPgliteStore(nested)).toBe(false);
    const store = await host.openStore(nested);
    await store.close();
    expect(fs.existsSync(path.join(nested, 'PG_VERSION'))).toBe(true);
    // What start-up looks at before it moves an embedded server's store elsewhere.
    expect(holdsPgliteStore(nested)).toBe(true);
    expect(holdsPgliteStore(path.dirname(nested))).toBe(false);
  });
});
