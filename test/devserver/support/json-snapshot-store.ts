// An ExecutionStore that keeps each record as a JSON string, as a durable store would: it proves
// records are plain JSON and lets a test restart the engine from what was saved. With
// `{ eventReads: true }` it also gives events back one range at a time (loadEvents), as the Postgres
// store does, so the engine keeps only recently used histories in memory.
import type { ExecutionRecordSnapshot, ExecutionStore } from '../../../devserver';
import type { EventRange, LoadOptions } from '../../../devserver/engine/execution-store';

export class JsonSnapshotStore implements ExecutionStore {
  readonly rows = new Map<string, { version: number; json: string }>();
  saves = 0;
  /** Ranges read through loadEvents. */
  readonly eventReads: EventRange[] = [];
  loadEvents?: (range: EventRange) => Promise<unknown[]>;

  constructor(options: { eventReads?: boolean } = {}) {
    if (options.eventReads) this.loadEvents = async (range) => this.readEvents(range);
  }

  async loadAll(options: LoadOptions = {}): Promise<ExecutionRecordSnapshot[]> {
    return [...this.rows.values()].map((row) => {
      const record = JSON.parse(row.json) as ExecutionRecordSnapshot;
      if (options.lastEventOnly)
        record.history = record.history.map((event, i) =>
          i === record.history.length - 1 ? event : (undefined as never),
        );
      return record;
    });
  }

  async save(record: ExecutionRecordSnapshot): Promise<void> {
    const key = `${record.namespace}/${record.workflowId}/${record.runId}`;
    const current = this.rows.get(key);
    if (current && current.version >= record.version)
      throw new Error(`out-of-order save of ${key}: ${record.version} after ${current.version}`);
    // Events the engine no longer holds in memory are the ones already stored.
    let history = record.history;
    if (history.includes(undefined as never)) {
      const stored = current ? (JSON.parse(current.json) as ExecutionRecordSnapshot).history : [];
      history = history.map((event, i) => {
        if (event !== undefined) return event;
        if (stored[i] === undefined) throw new Error(`save of ${key} dropped event ${i + 1}, which is not stored`);
        return stored[i];
      });
    }
    this.rows.set(key, { version: record.version, json: JSON.stringify({ ...record, history }) });
    this.saves++;
  }

  private readEvents(range: EventRange): unknown[] {
    this.eventReads.push(range);
    const row = this.rows.get(`${range.namespace}/${range.workflowId}/${range.runId}`);
    if (!row) return [];
    const { history } = JSON.parse(row.json) as ExecutionRecordSnapshot;
    return history.slice(range.fromEventId - 1, range.toEventId);
  }

  async close(): Promise<void> {}

  /** Edits a stored record (e.g. to move a due time into the past, as if the server had been down). */
  edit(workflowId: string, change: (record: ExecutionRecordSnapshot) => void): void {
    for (const [key, row] of this.rows) {
      const record = JSON.parse(row.json) as ExecutionRecordSnapshot;
      if (record.workflowId !== workflowId) continue;
      change(record);
      this.rows.set(key, { version: row.version, json: JSON.stringify(record) });
    }
  }
}
