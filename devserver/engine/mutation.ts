// One serialized change to the executions of one workflow id: which records changed, and the
// effects to run once they are saved (task matching, cross-workflow work).
import type { ExecutionRecord } from './execution-record';

export type AfterCommit = () => void | Promise<void>;

export class Mutation {
  readonly dirty = new Set<ExecutionRecord>();
  /** Runs created in this mutation (start, continue-as-new, retry); indexed on commit. */
  readonly created: ExecutionRecord[] = [];
  /** Runs whose workflow task was (re)scheduled: offered to pollers after commit. */
  readonly workflowTasks = new Set<ExecutionRecord>();
  /** Activity attempts that became ready: offered to pollers after commit. */
  readonly activityTasks: Array<{ rec: ExecutionRecord; scheduledEventId: number }> = [];
  /** Runs that closed in this mutation. */
  readonly closed: ExecutionRecord[] = [];
  /** Effects that touch other workflows; run after the lock is released. */
  readonly after: AfterCommit[] = [];

  constructor(readonly now: number) {}

  touch(rec: ExecutionRecord): void {
    this.dirty.add(rec);
  }
}
