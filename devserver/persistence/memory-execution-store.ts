import type { DurableExecutionStore, PersistedExecution, PersistedSchedule } from './persisted-execution';
import { decodeRecordBody, encodeRecordBody, keyString, scheduleKeyString, snapshotKey } from './snapshot-codec';

interface SavedRun {
  version: number;
  /** The record without its history (encodeRecordBody). */
  body: string;
  /** One JSON text per event: the history is append-only, so a save serialises only the new events. */
  events: string[];
}

/**
 * Keeps serialised copies in this process: state survives a devserver restart inside one process
 * (useful for tests of the engine's recovery) but not the process. Copies are taken at save time, as
 * the engine hands over its live record. Like the knex store, a save copies the record's body and the
 * events beyond those already held, not the whole history again: re-serialising every history on every
 * save was a sixth of the server thread's work in the lifecycle bench.
 */
export class MemoryExecutionStore<
  T extends PersistedExecution = PersistedExecution,
> implements DurableExecutionStore<T> {
  private readonly saved = new Map<string, SavedRun>();
  private readonly schedules = new Map<string, { version: number; json: string }>();

  async loadAll(): Promise<T[]> {
    return [...this.saved.values()].map(({ body, events }) =>
      decodeRecordBody<T>(
        body,
        events.map((event) => JSON.parse(event) as unknown),
      ),
    );
  }

  async save(record: T): Promise<void> {
    await this.saveMany([record]);
  }

  async saveMany(records: readonly T[]): Promise<void> {
    // Validate and copy everything first, so a bad record leaves the others unsaved too.
    const copies = records.map((record) => {
      const id = keyString(snapshotKey(record));
      const held = this.saved.get(id)?.events ?? [];
      // Appended to what is held; a history that is not an extension of it (shorter) is copied whole.
      const kept = record.history.length >= held.length ? held : [];
      const events = kept.concat(record.history.slice(kept.length).map((event) => JSON.stringify(event)));
      return { id, version: record.version, body: encodeRecordBody(record), events };
    });
    for (const { id, version, body, events } of copies) {
      const existing = this.saved.get(id);
      if (existing && existing.version >= version) continue;
      this.saved.set(id, { version, body, events });
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
