import type { Knex } from 'knex';
import type {
  DurableExecutionStore,
  PersistedEventRange,
  PersistedExecution,
  PersistedSchedule,
} from './persisted-execution';
import { PersistenceError } from './persistence-error';
import { decodeRecordBody, encodeRecordBody, keyString, scheduleKeyString, snapshotKey } from './snapshot-codec';

/** Table name prefix when the options give none. */
export const DEFAULT_TABLE_PREFIX = 'temporal_';

export interface KnexExecutionStoreOptions {
  /** Postgres schema for the tables (created if missing); the connection's search path when absent. */
  schema?: string;
  /** Prefix of the table names, so the devserver's tables never collide with an application's. */
  tablePrefix?: string;
}

/**
 * Executions in Postgres (or PGlite) through knex. A record's body (everything but its history) is
 * one row, upserted only when its version is newer than the stored one; its history is one row per
 * event, appended as it grows (the engine's history is append-only), so a save costs the new events
 * rather than the whole history. Every save is one transaction.
 */
export class KnexExecutionStore<T extends PersistedExecution = PersistedExecution> implements DurableExecutionStore<T> {
  /** Events already durable, per run: a save only inserts events beyond this. */
  private readonly persistedEvents = new Map<string, number>();
  private readonly executionsTable: string;
  private readonly eventsTable: string;
  private readonly schedulesTable: string;

  private constructor(
    private readonly db: Knex,
    private readonly options: KnexExecutionStoreOptions,
  ) {
    const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
    this.executionsTable = `${prefix}executions`;
    this.eventsTable = `${prefix}history_events`;
    this.schedulesTable = `${prefix}schedules`;
  }

  /** Creates the tables when missing; the knex instance is owned (and destroyed on close) by the store. */
  static async open<T extends PersistedExecution = PersistedExecution>(
    db: Knex,
    options: KnexExecutionStoreOptions = {},
  ): Promise<KnexExecutionStore<T>> {
    const store = new KnexExecutionStore<T>(db, options);
    try {
      await store.createTables();
    } catch (error) {
      await db.destroy();
      throw new PersistenceError(`cannot prepare the execution tables: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  async loadAll(options: { lastEventOnly?: boolean } = {}): Promise<T[]> {
    const rows = (await this.table(this.db, this.executionsTable).select(
      'namespace',
      'workflow_id',
      'run_id',
      'history_length',
      'record',
    )) as ExecutionRow[];
    const events = options.lastEventOnly ? await this.lastEvents() : await this.allEvents();
    const historyByRun = new Map<string, EventRow[]>();
    for (const event of events) {
      const id = keyString({ namespace: event.namespace, workflowId: event.workflow_id, runId: event.run_id });
      const list = historyByRun.get(id) ?? [];
      list.push(event);
      historyByRun.set(id, list);
    }
    return rows.map((row) => {
      const id = keyString({ namespace: row.namespace, workflowId: row.workflow_id, runId: row.run_id });
      const stored = historyByRun.get(id) ?? [];
      const length = Number(row.history_length);
      // Events and the row are written in one transaction, so anything but 1..length is corruption.
      const history = options.lastEventOnly
        ? lastEventHistory(row, length, stored)
        : completeHistory(row, length, stored, 1);
      this.persistedEvents.set(id, length);
      return decodeRecordBody<T>(row.record, history);
    });
  }

  async loadEvents(range: PersistedEventRange): Promise<unknown[]> {
    const rows = (await this.table(this.db, this.eventsTable)
      .select('event_id', 'event')
      .where({ namespace: range.namespace, workflow_id: range.workflowId, run_id: range.runId })
      .andWhere('event_id', '>=', range.fromEventId)
      .andWhere('event_id', '<=', range.toEventId)
      .orderBy('event_id')) as EventRow[];
    const count = range.toEventId - range.fromEventId + 1;
    return completeHistory({ workflow_id: range.workflowId, run_id: range.runId }, count, rows, range.fromEventId);
  }

  private async allEvents(): Promise<EventRow[]> {
    return (await this.table(this.db, this.eventsTable)
      .select('namespace', 'workflow_id', 'run_id', 'event_id', 'event')
      .orderBy(['namespace', 'workflow_id', 'run_id', 'event_id'])) as EventRow[];
  }

  /** The last event of every run (event_id = the run's history_length). */
  private async lastEvents(): Promise<EventRow[]> {
    const result = await this.db.raw(
      `select e.namespace, e.workflow_id, e.run_id, e.event_id, e.event
         from ${this.qualified(this.eventsTable)} e
         join ${this.qualified(this.executionsTable)} x
           on x.namespace = e.namespace and x.workflow_id = e.workflow_id and x.run_id = e.run_id
        where e.event_id = x.history_length`,
    );
    return rowsOf(result) as EventRow[];
  }

  async save(record: T): Promise<void> {
    await this.saveMany([record]);
  }

  /**
   * Saves several records in one transaction: all or none become durable (e.g. the closed run and
   * the new run of a continue-as-new). A record not newer than the stored one is skipped.
   */
  async saveMany(records: readonly T[]): Promise<void> {
    // Serialise before the first await: the engine hands over its live records.
    const saves = records.map((record) => this.prepare(record));
    if (saves.length === 0) return;
    // One record is one statement (atomic on its own, one round trip); several share a transaction.
    const applied =
      saves.length === 1
        ? (await this.write(this.db, saves[0]))
          ? saves
          : []
        : await this.db.transaction(async (trx) => {
            const written: PreparedSave[] = [];
            for (const prepared of saves) if (await this.write(trx, prepared)) written.push(prepared);
            return written;
          });
    for (const { id, historyLength } of applied)
      this.persistedEvents.set(id, Math.max(historyLength, this.persistedEvents.get(id) ?? 0));
  }

  private prepare(record: T): PreparedSave {
    const key = snapshotKey(record);
    const id = keyString(key);
    const alreadyStored = this.persistedEvents.get(id) ?? 0;
    return {
      id,
      historyLength: record.history.length,
      row: [
        key.namespace,
        key.workflowId,
        key.runId,
        key.version,
        record.status,
        record.workflowType,
        record.startTimeMs,
        record.closeTimeMs || null,
        record.history.length,
        encodeRecordBody(record),
      ],
      newEvents: record.history.slice(alreadyStored).map((event, index) => ({
        namespace: key.namespace,
        workflow_id: key.workflowId,
        run_id: key.runId,
        event_id: alreadyStored + index + 1,
        event: JSON.stringify(event),
      })),
    };
  }

  /**
   * Upserts the row if newer and appends the new events, in one statement: the events go in only if
   * the upsert applied. False when the stored version is newer (or the same).
   */
  private async write(db: Knex | Knex.Transaction, prepared: PreparedSave): Promise<boolean> {
    const result = await db.raw(
      `with upserted as (
         insert into ${this.qualified(this.executionsTable)} as current
           (namespace, workflow_id, run_id, version, status, workflow_type, start_time_ms, close_time_ms, history_length, record, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
         on conflict (namespace, workflow_id, run_id) do update set
           version = excluded.version, status = excluded.status, workflow_type = excluded.workflow_type,
           start_time_ms = excluded.start_time_ms, close_time_ms = excluded.close_time_ms,
           history_length = excluded.history_length, record = excluded.record, updated_at = excluded.updated_at
         where current.version < excluded.version
         returning 1
       ), appended as (
         insert into ${this.qualified(this.eventsTable)} (namespace, workflow_id, run_id, event_id, event)
         select ?, ?, ?, appended_event.event_id, appended_event.event
         from unnest(?::integer[], ?::text[]) as appended_event(event_id, event)
         where exists (select 1 from upserted)
         on conflict (namespace, workflow_id, run_id, event_id) do nothing
         returning 1
       )
       select (select count(*) from upserted)::integer as applied`,
      [
        ...prepared.row,
        ...prepared.row.slice(0, 3),
        prepared.newEvents.map((event) => event.event_id),
        prepared.newEvents.map((event) => event.event),
      ],
    );
    const [row] = rowsOf(result) as { applied: number }[];
    return Number(row?.applied ?? 0) > 0;
  }

  async loadSchedules<S extends PersistedSchedule>(): Promise<S[]> {
    const rows = (await this.table(this.db, this.schedulesTable).select('record')) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as S);
  }

  /** One statement: the row is replaced only by a newer version. */
  async saveSchedule(schedule: PersistedSchedule): Promise<void> {
    scheduleKeyString(schedule);
    if (!Number.isSafeInteger(schedule.version) || schedule.version < 0)
      throw new PersistenceError(`schedule ${schedule.scheduleId} has an invalid version`);
    await this.db.raw(
      `insert into ${this.qualified(this.schedulesTable)} as current (namespace, schedule_id, version, record, updated_at)
       values (?, ?, ?, ?, now())
       on conflict (namespace, schedule_id) do update set version = excluded.version, record = excluded.record, updated_at = excluded.updated_at
       where current.version < excluded.version`,
      [schedule.namespace, schedule.scheduleId, schedule.version, JSON.stringify(schedule)],
    );
  }

  async deleteSchedule(namespace: string, scheduleId: string): Promise<void> {
    await this.table(this.db, this.schedulesTable).where({ namespace, schedule_id: scheduleId }).delete();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private async createTables(): Promise<void> {
    if (this.options.schema) await this.db.raw('create schema if not exists ??', [this.options.schema]);
    await this.db.raw(`create table if not exists ${this.qualified(this.executionsTable)} (
      namespace text not null,
      workflow_id text not null,
      run_id text not null,
      version bigint not null,
      status integer not null,
      workflow_type text not null,
      start_time_ms bigint not null,
      close_time_ms bigint,
      history_length integer not null,
      record text not null,
      updated_at timestamptz not null default now(),
      primary key (namespace, workflow_id, run_id)
    )`);
    await this.db.raw(`create table if not exists ${this.qualified(this.eventsTable)} (
      namespace text not null,
      workflow_id text not null,
      run_id text not null,
      event_id integer not null,
      event text not null,
      primary key (namespace, workflow_id, run_id, event_id)
    )`);
    await this.db.raw(`create table if not exists ${this.qualified(this.schedulesTable)} (
      namespace text not null,
      schedule_id text not null,
      version bigint not null,
      record text not null,
      updated_at timestamptz not null default now(),
      primary key (namespace, schedule_id)
    )`);
  }

  private table(db: Knex | Knex.Transaction, name: string): Knex.QueryBuilder {
    return this.options.schema ? db.withSchema(this.options.schema).table(name) : db.table(name);
  }

  /** A quoted (schema.)table name for raw SQL; names come from options, never from records. */
  private qualified(name: string): string {
    const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
    return this.options.schema ? `${quote(this.options.schema)}.${quote(name)}` : quote(name);
  }
}

interface PreparedSave {
  id: string;
  historyLength: number;
  /** Values for the executions row, in column order. */
  row: (string | number | null)[];
  newEvents: { namespace: string; workflow_id: string; run_id: string; event_id: number; event: string }[];
}

interface ExecutionRow {
  namespace: string;
  workflow_id: string;
  run_id: string;
  history_length: number | string;
  record: string;
}

interface EventRow {
  namespace: string;
  workflow_id: string;
  run_id: string;
  event_id: number | string;
  event: string;
}

/** Events `from..from+length-1` parsed, or a PersistenceError when any is missing. */
function completeHistory(
  run: Pick<ExecutionRow, 'workflow_id' | 'run_id'>,
  length: number,
  stored: EventRow[],
  from: number,
): unknown[] {
  if (stored.length < length || stored.slice(0, length).some((event, index) => Number(event.event_id) !== from + index))
    throw new PersistenceError(
      `history of ${run.workflow_id}/${run.run_id} is incomplete: expected ${length} events from ${from}, found ${stored.length}`,
    );
  return stored.slice(0, length).map((event) => JSON.parse(event.event) as unknown);
}

/** A history of `length` slots holding only its last event. */
function lastEventHistory(run: ExecutionRow, length: number, stored: EventRow[]): unknown[] {
  const history: unknown[] = new Array(length).fill(undefined);
  if (length === 0) return history;
  history[length - 1] = completeHistory(run, 1, stored, length)[0];
  return history;
}

/** knex's raw() result differs by driver: pg returns {rows}, PGlite's dialect the same shape. */
function rowsOf(result: unknown): unknown[] {
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows))
    return (result as { rows: unknown[] }).rows;
  return Array.isArray(result) ? result : [];
}
