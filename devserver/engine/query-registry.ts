// Queries in flight. They live outside records: a query is an RPC waiting for a worker's answer.
import type { Pb } from '../protocol/proto-codec';
import type { RpcError } from '../protocol/rpc-error';

export interface QueryOutcome {
  answer?: Pb;
  error?: RpcError;
}

export interface PendingQuery {
  id: string;
  runKey: string;
  query: Pb;
  done: boolean;
  /** The queue a legacy query task is offered on; cleared once a worker takes it (later copies are stale). */
  queue?: string;
  settle(outcome: QueryOutcome): void;
}

type Lists = Map<string, PendingQuery[]>;

export class QueryRegistry {
  readonly byId = new Map<string, PendingQuery>();
  /** Attach to the next workflow task dispatched for the run. */
  readonly nextTask: Lists = new Map();
  /** Wait for the started workflow task to finish. */
  readonly deferred: Lists = new Map();
  /** Sent inside the started workflow task; answered by its completion. */
  readonly attached: Lists = new Map();

  add(q: PendingQuery): void {
    this.byId.set(q.id, q);
  }

  settle(id: string, outcome: QueryOutcome): boolean {
    const q = this.byId.get(id);
    if (!q || q.done) return false;
    q.done = true;
    this.byId.delete(id);
    q.settle(outcome);
    return true;
  }

  cancel(id: string): void {
    const q = this.byId.get(id);
    if (!q) return;
    q.done = true;
    this.byId.delete(id);
  }

  push(lists: Lists, q: PendingQuery): void {
    const list = lists.get(q.runKey);
    if (list) list.push(q);
    else lists.set(q.runKey, [q]);
  }

  take(lists: Lists, runKey: string): PendingQuery[] {
    const list = lists.get(runKey);
    if (!list) return [];
    lists.delete(runKey);
    return list.filter((q) => !q.done);
  }

  has(lists: Lists, runKey: string): boolean {
    return lists.has(runKey);
  }
}
