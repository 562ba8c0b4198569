// The updates a run holds (ext.updates) and their stage, with the two changes a run's history makes
// to them (redeliver after a failed task, fail the open ones at close). A leaf below history.ts and
// updates.ts, so neither imports the other's caller.
import type { Pb } from '../protocol/proto-codec';
import type { ExecutionRecord } from './execution-record';

export const UpdateStage = { ADMITTED: 1, ACCEPTED: 2, COMPLETED: 3 } as const;

export interface UpdateEntry {
  updateId: string;
  /**
   * Until the worker accepts or rejects it: sent again if its task fails. Accepted, it is in history
   * (UpdateAccepted) and let go, so a long-lived run does not keep every update's input in memory.
   */
  request?: Pb;
  /** admitted: waiting for a task; sent: inside the started task; then accepted, completed. */
  state: 'admitted' | 'sent' | 'accepted' | 'completed';
  messageId: string;
  sequencingEventId: number;
  acceptedEventId: number;
  outcome?: Pb;
}

export const updates = (rec: ExecutionRecord): Record<string, UpdateEntry> => (rec.ext.updates ??= {});

export function updateStage(entry: UpdateEntry | undefined): number {
  if (!entry) return 0;
  if (entry.state === 'completed') return UpdateStage.COMPLETED;
  if (entry.state === 'accepted') return UpdateStage.ACCEPTED;
  return UpdateStage.ADMITTED;
}

/** A task that failed or timed out: its updates are delivered again with the next attempt. */
export function redeliverSentUpdates(rec: ExecutionRecord): void {
  const all = rec.ext.updates as Record<string, UpdateEntry> | undefined;
  if (!all) return;
  for (const entry of Object.values(all)) if (entry.state === 'sent') entry.state = 'admitted';
}

/** Updates still open when the run closes are completed with a failure for their callers. */
export function failOpenUpdates(rec: ExecutionRecord): void {
  const all = rec.ext.updates as Record<string, UpdateEntry> | undefined;
  if (!all) return;
  for (const entry of Object.values(all)) {
    if (entry.state === 'completed') continue;
    entry.state = 'completed';
    delete entry.request;
    entry.outcome = {
      failure: { message: 'Workflow execution closed before the update completed.', source: 'Server' },
    };
  }
}
