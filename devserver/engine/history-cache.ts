// Which runs keep their whole history in memory. A durable store holds every event, so an idle run
// needs only its last event here; the rest is dropped (left `undefined`) when the cache is over its
// budget and loaded back, under the run's lock, before a full read: a workflow task with full history,
// a legacy query, GetWorkflowExecutionHistory. Appends and sticky tasks use the tail.
import type { Pb } from '../protocol/proto-codec';
import { internal } from '../protocol/rpc-error';
import type { ExecutionRecord } from './execution-record';
import type { EventRange } from './execution-store';

export interface HistoryCacheOptions {
  /** Encoded bytes of history kept in memory beyond each run's last event. */
  budgetBytes: number;
  /** The store's reader of stored events; without one nothing is ever dropped. */
  loadEvents?: (range: EventRange) => Promise<unknown[]>;
  /** A run whose workflow id is locked is being changed or saved: it is never dropped then. */
  isLocked: (rec: ExecutionRecord) => boolean;
  /** Events of this run durable in the store (its length as last saved). */
  savedLength: (rec: ExecutionRecord) => number;
}

/** A run keeps its whole history while a child's close must find the child's started event in it. */
const hasPendingChildren = (rec: ExecutionRecord): boolean => Object.keys(rec.ext.children ?? {}).length > 0;

export class HistoryCache {
  /** Runs with their history in memory, least recently used first, with the bytes counted for each. */
  private readonly lru = new Map<ExecutionRecord, number>();
  private bytes = 0;
  readonly stats = { dropped: 0, loaded: 0 };

  constructor(private readonly opts: HistoryCacheOptions) {}

  /** Whether histories can be dropped at all (the store can give them back). */
  get enabled(): boolean {
    return this.opts.loadEvents !== undefined;
  }

  /** The run's history was read or grew: it is the most recently used. */
  touch(rec: ExecutionRecord): void {
    if (!this.enabled) return;
    const counted = this.lru.get(rec);
    if (counted !== undefined) {
      this.bytes -= counted;
      this.lru.delete(rec);
    }
    this.lru.set(rec, rec.historySizeBytes);
    this.bytes += rec.historySizeBytes;
  }

  /** Drops the histories of the least recently used runs until the rest fits the budget. */
  trim(): void {
    if (this.bytes <= this.opts.budgetBytes) return;
    for (const [rec, counted] of this.lru) {
      if (this.bytes <= this.opts.budgetBytes) break;
      if (this.opts.isLocked(rec)) continue;
      this.lru.delete(rec);
      this.bytes -= counted;
      this.drop(rec);
    }
  }

  /** Loads what a run must keep in memory (see drop), e.g. after the store loaded only last events. */
  async ensureKept(rec: ExecutionRecord): Promise<void> {
    if (hasPendingChildren(rec)) await this.ensure(rec);
    else if (rec.ext.retryPolicy) await this.ensure(rec, 1, 1);
  }

  private drop(rec: ExecutionRecord): void {
    if (hasPendingChildren(rec)) return;
    const history = rec.history;
    // Only saved events go, and never the last one (a child's close reads it; so does recovery).
    const end = Math.min(history.length - 1, this.opts.savedLength(rec));
    // A retry's new run takes its input from the first event, inside the closing change.
    const start = rec.ext.retryPolicy ? 1 : 0;
    if (end <= start) return;
    history.fill(undefined as unknown as Pb, start, end);
    this.stats.dropped++;
  }

  /** Loads the dropped events `fromEventId..toEventId` (default: to the end) back into memory. */
  async ensure(rec: ExecutionRecord, fromEventId = 1, toEventId = rec.history.length): Promise<void> {
    const history = rec.history;
    let first = -1;
    let last = -1;
    for (let i = Math.max(0, fromEventId - 1); i < Math.min(toEventId, history.length); i++) {
      if (history[i] !== undefined) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) return;
    if (!this.opts.loadEvents) throw internal(`history of ${rec.workflowId}/${rec.runId} is not in memory`);
    const range: EventRange = {
      namespace: rec.namespace,
      workflowId: rec.workflowId,
      runId: rec.runId,
      fromEventId: first + 1,
      toEventId: last + 1,
    };
    const events = (await this.opts.loadEvents(range)) as Pb[];
    if (events.length !== last - first + 1)
      throw internal(
        `history of ${rec.workflowId}/${rec.runId}: the store returned ${events.length} events for ${range.fromEventId}..${range.toEventId}`,
      );
    for (let i = 0; i < events.length; i++) history[first + i] ??= events[i];
    this.stats.loaded++;
    this.touch(rec);
  }
}

/** Events [from, to) of the run's history (0-based, as slice): a copy, all of it in memory. */
export function residentEvents(rec: ExecutionRecord, from = 0, to = rec.history.length): Pb[] {
  const events = rec.history.slice(from, to);
  if (events.includes(undefined as unknown as Pb))
    throw internal(`history of ${rec.workflowId}/${rec.runId} was read before it was loaded`);
  return events;
}
