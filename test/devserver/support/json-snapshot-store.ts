// An ExecutionStore that keeps each record as a JSON string, as a durable store would: it proves
// records are plain JSON and lets a test restart the engine from what was saved.
import type { ExecutionRecordSnapshot, ExecutionStore } from '../../../devserver';

export class JsonSnapshotStore implements ExecutionStore {
  readonly rows = new Map<string, { version: number; json: string }>();
  saves = 0;

  async loadAll(): Promise<ExecutionRecordSnapshot[]> {
    return [...this.rows.values()].map((row) => JSON.parse(row.json) as ExecutionRecordSnapshot);
  }

  async save(record: ExecutionRecordSnapshot): Promise<void> {
    const key = `${record.namespace}/${record.workflowId}/${record.runId}`;
    const current = this.rows.get(key);
    if (current && current.version >= record.version)
      throw new Error(`out-of-order save of ${key}: ${record.version} after ${current.version}`);
    this.rows.set(key, { version: record.version, json: JSON.stringify(record) });
    this.saves++;
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
