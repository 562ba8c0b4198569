/**
 * What the stores need of an execution record. The engine's ExecutionRecordSnapshot
 * (devserver/engine/execution-record.ts) satisfies it; keeping this structural lets persistence be
 * built and tested on its own, and a DurableExecutionStore<ExecutionRecordSnapshot> is an
 * ExecutionStore (devserver/engine/execution-store.ts).
 */
export interface PersistedExecution {
  namespace: string;
  workflowId: string;
  runId: string;
  /** Increases with every save of the run; a store never replaces a newer version with an older one. */
  version: number;
  /** WorkflowExecutionStatus enum value (kept as a column for operators). */
  status: number;
  workflowType: string;
  startTimeMs: number;
  /** 0 while open. */
  closeTimeMs: number;
  /** Append-only: stores persist only the events beyond those already stored. */
  history: unknown[];
}

/** What the stores need of a schedule record (devserver/schedules/schedule-record.ts). */
export interface PersistedSchedule {
  namespace: string;
  scheduleId: string;
  /** Increases with every save; a store never replaces a newer version with an older one. */
  version: number;
}

/** One run's events `fromEventId..toEventId`, inclusive. */
export interface PersistedEventRange {
  namespace: string;
  workflowId: string;
  runId: string;
  fromEventId: number;
  toEventId: number;
}

export interface DurableExecutionStore<T extends PersistedExecution = PersistedExecution> {
  /** With `lastEventOnly`, each history holds only its last event (the others `undefined`; see loadEvents). */
  loadAll(options?: { lastEventOnly?: boolean }): Promise<T[]>;
  /** Optional: a range of one run's stored events, for a caller that keeps histories only in part. */
  loadEvents?(range: PersistedEventRange): Promise<unknown[]>;
  /** Resolves once the record is durable; the record is serialised before the first await. */
  save(record: T): Promise<void>;
  /** Saves several records atomically (one transaction): use it when one change touches several runs. */
  saveMany(records: readonly T[]): Promise<void>;
  /** Schedules: one JSON row each, replaced only by a newer version; delete removes the row. */
  loadSchedules<S extends PersistedSchedule>(): Promise<S[]>;
  saveSchedule(schedule: PersistedSchedule): Promise<void>;
  deleteSchedule(namespace: string, scheduleId: string): Promise<void>;
  close(): Promise<void>;
}
