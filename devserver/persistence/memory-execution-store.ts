import type { DurableExecutionStore, PersistedExecution, PersistedSchedule } from './persisted-execution';
import { keyString, scheduleKeyString, snapshotKey } from './snapshot-codec';

/**
 * Keeps serialised copies in this process: state survives a devserver restart inside one process
 * (useful for tests of the engine's recovery) but not the process. Copies are taken at save time, as
 * the engine hands over its live record.
 */
export class MemoryExecutionStore<
  T extends PersistedExecution = PersistedExecution,
> implements DurableExecutionStore<T> {
  private readonly saved = new Map<string, { version: number; json: string }>();
  private readonly schedules = new Map<string, { version: number; json: string }>();

  async loadAll(): Promise<T[]> {
    return [...this.saved.values()].map(({ json }) => JSON.parse(json) as T);
  }

  async save(record: T): Promise<void> {
    await this.saveMany([record]);
  }

  async saveMany(records: readonly T[]): Promise<void> {
    // Validate and copy everything first, so a bad record leaves the others unsaved too.
    const copies = records.map((record) => ({ key: snapshotKey(record), json: JSON.stringify(record) }));
    for (const { key, json } of copies) {
      const id = keyString(key);
      const existing = this.saved.get(id);
      if (existing && existing.version >= key.version) continue;
      this.saved.set(id, { version: key.version, json });
    }
  }

  async loadSchedules<S extends PersistedSchedule>(): Promise<S[]> {
    return [...this.schedules.values()].map(({ json }) => JSON.parse(json) as S);
  }

  async saveSchedule(schedule: PersistedSchedule): Promise<void> {
    const id = scheduleKeyString(schedule);
    const existing = this.schedules.get(id);
    if (existing && existing.version >= schedule.version) return;
    this.schedules.set(id, { version: schedule.version, json: JSON.stringify(schedule) });
  }

  async deleteSchedule(namespace: string, scheduleId: string): Promise<void> {
    this.schedules.delete(scheduleKeyString({ namespace, scheduleId }));
  }

  async close(): Promise<void> {}
}
