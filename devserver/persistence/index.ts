/**
 * Durable state for the devserver: `createExecutionStore(target)` opens the store the engine saves
 * every mutated execution to; `createExecutionStore<ExecutionRecordSnapshot>(db)` is an ExecutionStore
 * (devserver/engine/execution-store.ts) and can be passed as `startDevServer({persistence})`.
 *
 *   target undefined | '' | 'memory:'  → MemoryExecutionStore (copies kept in this process only)
 *   'postgres://user@host:5432/db[?schema=name]' → Postgres through knex + pg
 *   any other string                   → a directory holding an embedded PGlite database (created if missing;
 *                                        locked by `devserver.lock` while open, see data-dir-lock.ts)
 *
 * Tables (created on open): `temporal_executions` (one row per run, upserted on (namespace,
 * workflow_id, run_id) only when the record's version is newer) and `temporal_history_events` (one
 * row per event, appended), `temporal_schedules` (one JSON row per schedule). Every save is atomic (one statement) and resolves once committed;
 * `saveMany(records)` commits several runs in one transaction (e.g. both runs of a continue-as-new).
 */
import fs from 'node:fs';
import path from 'node:path';
import knex from 'knex';
import ClientPgLite from 'knex-pglite';
import { openEmbeddedPostgres, pgliteConnection } from '../../lib/embedded-postgres';
import type { DurableExecutionStore, PersistedExecution } from './persisted-execution';
import { lockDataDir } from './data-dir-lock';
import { lockPostgresStore } from './postgres-store-lock';
import { DEFAULT_TABLE_PREFIX, KnexExecutionStore, KnexExecutionStoreOptions } from './knex-execution-store';
import { MemoryExecutionStore } from './memory-execution-store';
import { PersistenceError } from './persistence-error';
import { parseStoreTarget, redact } from './store-target';

export { copyExecutionStore } from './copy-store';
export type { StoreCopyOptions, StoreCopyReport } from './copy-store';
export { KnexExecutionStore } from './knex-execution-store';
export type { KnexExecutionStoreOptions } from './knex-execution-store';
export { MemoryExecutionStore } from './memory-execution-store';
export { PersistenceError } from './persistence-error';
export type {
  DurableExecutionStore,
  PersistedEventRange,
  PersistedExecution,
  PersistedSchedule,
} from './persisted-execution';
export { parseStoreTarget, redact } from './store-target';
export type { StoreTarget } from './store-target';

export interface CreateExecutionStoreOptions {
  /** Table name prefix; default `temporal_`. */
  tablePrefix?: string;
  /** Postgres schema for the tables (overrides a `?schema=` in the URL). Ignored for PGlite. */
  schema?: string;
  /**
   * Postgres: refuse a store another exclusive opener holds (a server's store; an advisory lock held
   * until close). A PGlite directory is always exclusive (its lock file); memory never needs it.
   */
  exclusive?: boolean;
  /** Postgres: how long opening a connection may take (default 10 s); a server that never answers fails. */
  connectTimeoutMs?: number;
  /** Postgres, exclusive: called if the lock is lost while the store is open (see postgres-store-lock.ts). */
  onLockLost?: (error: Error) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export async function createExecutionStore<T extends PersistedExecution = PersistedExecution>(
  target: string | undefined,
  options: CreateExecutionStoreOptions = {},
): Promise<DurableExecutionStore<T>> {
  const parsed = parseStoreTarget(target);
  switch (parsed.kind) {
    case 'memory':
      return new MemoryExecutionStore<T>();
    case 'postgres': {
      const where = `Postgres at ${redact(parsed.connectionString)}`;
      const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      const storeOptions: KnexExecutionStoreOptions = {
        tablePrefix: options.tablePrefix,
        schema: options.schema ?? parsed.schema,
      };
      const open = (): Promise<DurableExecutionStore<T>> => {
        const db = knex({
          client: 'pg',
          connection: { connectionString: parsed.connectionString, connectionTimeoutMillis: connectTimeoutMs },
          pool: { min: 0, max: 4 },
        });
        return openOrExplain(() => KnexExecutionStore.open<T>(db, storeOptions), where);
      };
      if (!options.exclusive) return open();
      const release = await openOrExplain(
        () =>
          lockPostgresStore(parsed.connectionString, {
            schema: storeOptions.schema,
            tablePrefix: storeOptions.tablePrefix ?? DEFAULT_TABLE_PREFIX,
            connectTimeoutMs,
            ...(options.onLockLost && { onLost: options.onLockLost }),
          }),
        where,
      );
      try {
        return releasingOnClose(await open(), release);
      } catch (error) {
        await release().catch(() => undefined);
        throw error;
      }
    }
    case 'pglite': {
      const dataDir = path.resolve(parsed.dataDir);
      try {
        fs.mkdirSync(dataDir, { recursive: true });
      } catch (error) {
        throw new PersistenceError(`cannot create the database directory ${dataDir}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const unlock = lockDataDir(dataDir);
      const release = (): Promise<void> => Promise.resolve(unlock());
      try {
        const pglite = await openOrExplain(() => openEmbeddedPostgres(dataDir), `PGlite in ${dataDir}`);
        const db = knex({ client: ClientPgLite, dialect: 'postgres', connection: pgliteConnection(pglite) });
        const store = await openOrExplain(
          () => KnexExecutionStore.open<T>(db, { tablePrefix: options.tablePrefix }),
          `PGlite in ${dataDir}`,
        );
        return releasingOnClose(store, release);
      } catch (error) {
        unlock();
        throw error;
      }
    }
  }
}

/** Whether `dir` holds an embedded (PGlite) store, e.g. one an earlier start of a server created. */
export function holdsPgliteStore(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** The store, releasing its lock (a data directory's, a Postgres store's) once it is closed. */
function releasingOnClose<T extends PersistedExecution>(
  store: DurableExecutionStore<T>,
  release: () => Promise<void>,
): DurableExecutionStore<T> {
  return {
    loadAll: (options) => store.loadAll(options),
    ...(store.loadEvents && { loadEvents: store.loadEvents.bind(store) }),
    save: (record) => store.save(record),
    saveMany: (records) => store.saveMany(records),
    loadSchedules: () => store.loadSchedules(),
    saveSchedule: (schedule) => store.saveSchedule(schedule),
    deleteSchedule: (namespace, scheduleId) => store.deleteSchedule(namespace, scheduleId),
    close: async () => {
      try {
        await store.close();
      } finally {
        await release();
      }
    },
  };
}

async function openOrExplain<S>(open: () => Promise<S>, where: string): Promise<S> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof PersistenceError) throw new PersistenceError(`${where}: ${error.message}`, { cause: error });
    throw new PersistenceError(`${where}: ${(error as Error).message}`, { cause: error });
  }
}
