// The parts of the schedule messages (temporal.api.schedule.v1, workflowservice *Schedule*) this
// server reads, typed, in the decoded plain-object form of protocol/proto-codec.ts (int64 → number,
// bytes → base64 string). Handlers take their request as ScheduleRequest.
import type { IndexedFields } from '../visibility';

export interface WireTime {
  seconds?: number;
  nanos?: number;
}

export interface WireRange {
  start?: number;
  end?: number;
  step?: number;
}

export interface WireStructuredCalendar {
  second?: WireRange[];
  minute?: WireRange[];
  hour?: WireRange[];
  dayOfMonth?: WireRange[];
  month?: WireRange[];
  year?: WireRange[];
  dayOfWeek?: WireRange[];
  comment?: string;
}

export interface WireCalendar {
  second?: string;
  minute?: string;
  hour?: string;
  dayOfMonth?: string;
  month?: string;
  year?: string;
  dayOfWeek?: string;
  comment?: string;
}

export interface WireSpec {
  structuredCalendar?: WireStructuredCalendar[];
  cronString?: string[];
  calendar?: WireCalendar[];
  interval?: Array<{ interval?: WireTime; phase?: WireTime }>;
  excludeCalendar?: WireCalendar[];
  excludeStructuredCalendar?: WireStructuredCalendar[];
  startTime?: WireTime;
  endTime?: WireTime;
  jitter?: WireTime;
  timezoneName?: string;
}

export interface WireSearchAttributes {
  indexedFields?: NonNullable<IndexedFields>;
}

export interface WireMemo {
  fields?: Record<string, unknown>;
}

/** NewWorkflowExecutionInfo: the fields read here; the rest is passed through to the start request. */
export interface WireStartWorkflow {
  workflowId?: string;
  workflowType?: { name?: string };
  taskQueue?: { name?: string };
  searchAttributes?: WireSearchAttributes;
  [field: string]: unknown;
}

export interface WireAction {
  startWorkflow?: WireStartWorkflow;
}

export interface WireSchedule {
  spec?: WireSpec;
  action?: WireAction;
  policies?: { overlapPolicy?: number; catchupWindow?: WireTime; pauseOnFailure?: boolean };
  state?: { notes?: string; paused?: boolean; limitedActions?: boolean; remainingActions?: number };
}

export interface WirePatch {
  triggerImmediately?: { overlapPolicy?: number; scheduledTime?: WireTime };
  backfillRequest?: Array<{ startTime?: WireTime; endTime?: WireTime; overlapPolicy?: number }>;
  pause?: string;
  unpause?: string;
}

/** Every *Schedule* request, as one shape (each RPC reads its own fields). */
export interface ScheduleRequest {
  namespace?: string;
  scheduleId?: string;
  schedule?: WireSchedule;
  initialPatch?: WirePatch;
  patch?: WirePatch;
  requestId?: string;
  conflictToken?: string;
  memo?: WireMemo;
  searchAttributes?: WireSearchAttributes;
  query?: string;
  maximumPageSize?: number;
  nextPageToken?: string;
  startTime?: WireTime;
  endTime?: WireTime;
}
