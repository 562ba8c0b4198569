// Persistence contract between the engine and a durable store (devserver/persistence/).
import type { ExecutionRecordSnapshot } from './execution-record';
import type { ScheduleRecord } from '../schedules/schedule-record';

export type { ExecutionRecordSnapshot } from './execution-record';

/**
 * Where the engine keeps workflow runs. The engine awaits `save` for every record it mutated
 * before it answers the RPC (or finishes the timer) that caused the mutation, and never mutates
 * a record again until that save has resolved. `save` receives the live record: serialize or copy
 * it before resolving. Saves of one record arrive in order with increasing `version`.
 * `history` is append-only, so a store may persist only events beyond what it already holds.
 */
export interface ExecutionStore {
  /**
   * Every stored record. With `lastEventOnly` (asked only of a store with `loadEvents`) a history
   * may hold just its last event, the others `undefined`: the engine loads them when it needs them.
   */
  loadAll(options?: LoadOptions): Promise<ExecutionRecordSnapshot[]>;
  /**
   * Optional: events `fromEventId..toEventId` (inclusive) of one run's saved history, in order.
   * With it the engine keeps only recently used histories in memory (engine/history-cache.ts).
   */
  loadEvents?(range: EventRange): Promise<unknown[]>;
  save(record: ExecutionRecordSnapshot): Promise<void>;
  /**
   * Optional: saves all records one mutation changed (e.g. the closed run and the new run of a
   * continue-as-new or workflow retry) atomically, all or none. When present the engine calls it,
   * once per mutation, instead of `save`; the same ordering and live-record rules apply.
   */
  saveMany?(records: readonly ExecutionRecordSnapshot[]): Promise<void>;
  /**
   * Optional: schedules (devserver/schedules/). Without these a store keeps schedules in memory
   * only. `saveSchedule` gets the live record (serialize before resolving) with an increasing
   * `version`; `deleteSchedule` removes it for good.
   */
  loadSchedules?(): Promise<ScheduleRecord[]>;
  saveSchedule?(schedule: ScheduleRecord): Promise<void>;
  deleteSchedule?(namespace: string, scheduleId: string): Promise<void>;
  close(): Promise<void>;
}

export interface LoadOptions {
  lastEventOnly?: boolean;
}

export interface EventRange {
  namespace: string;
  workflowId: string;
  runId: string;
  fromEventId: number;
  toEventId: number;
}

/** The default: state lives only in the engine's memory. */
export class InMemoryExecutionStore implements ExecutionStore {
  async loadAll(): Promise<ExecutionRecordSnapshot[]> {
    return [];
  }
  async save(): Promise<void> {
    // Nothing to do: the engine's own record is the state.
  }
  async close(): Promise<void> {}
}
