import type { PersistedExecution, PersistedSchedule } from './persisted-execution';
import { PersistenceError } from './persistence-error';

/** Identity and ordering of a snapshot, validated once so a malformed record never reaches SQL. */
export interface SnapshotKey {
  namespace: string;
  workflowId: string;
  runId: string;
  version: number;
}

export function snapshotKey(record: PersistedExecution): SnapshotKey {
  const { namespace, workflowId, runId, version } = record;
  if (typeof namespace !== 'string' || typeof workflowId !== 'string' || typeof runId !== 'string' || runId === '') {
    throw new PersistenceError('execution record lacks namespace, workflowId or runId');
  }
  if (!Number.isSafeInteger(version) || version < 0)
    throw new PersistenceError(`execution record ${workflowId}/${runId} has an invalid version ${String(version)}`);
  return { namespace, workflowId, runId, version };
}

export function keyString(key: Pick<SnapshotKey, 'namespace' | 'workflowId' | 'runId'>): string {
  return JSON.stringify([key.namespace, key.workflowId, key.runId]);
}

/** The record without its history, as JSON (history is stored event by event). */
export function encodeRecordBody(record: PersistedExecution): string {
  return JSON.stringify({ ...record, history: [] });
}

export function decodeRecordBody<T extends PersistedExecution>(text: string, history: unknown[]): T {
  const body = JSON.parse(text) as T;
  return { ...body, history };
}

/** Identity of a schedule, validated so a malformed record never reaches SQL. */
export function scheduleKeyString(schedule: Pick<PersistedSchedule, 'namespace' | 'scheduleId'>): string {
  const { namespace, scheduleId } = schedule;
  if (typeof namespace !== 'string' || typeof scheduleId !== 'string' || scheduleId === '')
    throw new PersistenceError('schedule record lacks namespace or scheduleId');
  return JSON.stringify([namespace, scheduleId]);
}
