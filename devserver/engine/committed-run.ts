// What listings may show of a run: its state as of its last completed save, so a client never sees
// a status or event count that a crash during a pending save would lose. The engine marks a record
// after each save; a run never saved yet (created by a mutation still saving) is not listed.
import type { ExecutionRecord } from './execution-record';

export interface CommittedRun {
  /** Shallow copy taken after the save: top-level fields as saved (memo and search attributes are replaced, never edited in place). */
  readonly rec: Readonly<ExecutionRecord>;
  readonly historyLength: number;
}

// Keyed by the live record object, so engines in one process never share entries.
const committed = new WeakMap<ExecutionRecord, CommittedRun>();

/** Called once the record's state is durable (after its save resolved, or when it was loaded). */
export function markCommitted(rec: ExecutionRecord): void {
  committed.set(rec, { rec: { ...rec }, historyLength: rec.history.length });
}

export function committedRun(rec: ExecutionRecord): CommittedRun | undefined {
  return committed.get(rec);
}
