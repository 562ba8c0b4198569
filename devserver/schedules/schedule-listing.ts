// Search attributes around schedules: the ones the server adds to each scheduled workflow, and the
// ListSchedules/CountSchedules filter (the visibility query language over a schedule's attributes).
import { invalidArgument } from '../protocol/rpc-error';
import {
  decodeSearchAttributes,
  matchesVisibilityQuery,
  parseVisibilityQuery,
  searchAttributeTypesOf,
  VisibilityQueryError,
  type VisibilityRecord,
} from '../visibility';
import type { WireSearchAttributes } from './schedule-messages';
import type { ScheduleRecord } from './schedule-record';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function payload(value: unknown, type: string): { metadata: Record<string, string>; data: string } {
  return { metadata: { encoding: b64('json/plain'), type: b64(type) }, data: b64(JSON.stringify(value)) };
}

/** The action's search attributes plus TemporalScheduledById and TemporalScheduledStartTime, as the server sets them. */
export function scheduledSearchAttributes(
  own: WireSearchAttributes | undefined,
  scheduleId: string,
  nominalMs: number,
): WireSearchAttributes {
  return {
    indexedFields: {
      ...(own?.indexedFields ?? {}),
      TemporalScheduledById: payload(scheduleId, 'Keyword'),
      TemporalScheduledStartTime: payload(new Date(nominalMs).toISOString(), 'Datetime'),
    },
  };
}

function toVisibilityRecord(rec: ScheduleRecord): VisibilityRecord {
  const fields = rec.searchAttributes?.indexedFields;
  return {
    workflowId: rec.scheduleId,
    runId: '',
    workflowType: rec.action.startWorkflow?.workflowType?.name ?? '',
    taskQueue: rec.action.startWorkflow?.taskQueue?.name ?? '',
    status: 'Running',
    startTime: rec.createTimeMs,
    searchAttributes: {
      ...decodeSearchAttributes(fields),
      TemporalSchedulePaused: rec.paused,
      ScheduleId: rec.scheduleId,
    },
    searchAttributeTypes: { ...searchAttributeTypesOf(fields), TemporalSchedulePaused: 'Bool', ScheduleId: 'Keyword' },
  };
}

/** Schedules matching the query (custom attributes, TemporalSchedulePaused, ScheduleId), by id. */
export function schedulesMatching(records: ScheduleRecord[], query: string | undefined): ScheduleRecord[] {
  let parsed;
  try {
    parsed = parseVisibilityQuery(query ?? '');
  } catch (error) {
    if (error instanceof VisibilityQueryError) throw invalidArgument(error.message);
    throw error;
  }
  return records
    .filter((rec) => matchesVisibilityQuery(parsed, toVisibilityRecord(rec)))
    .sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}
