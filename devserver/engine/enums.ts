// Proto enum values used by the engine (numbers, as stored in records).
import { temporal } from '@temporalio/proto';

export const EventType = temporal.api.enums.v1.EventType;
export const CommandType = temporal.api.enums.v1.CommandType;
export const ExecutionStatus = temporal.api.enums.v1.WorkflowExecutionStatus;
export const TaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;
export const TimeoutType = temporal.api.enums.v1.TimeoutType;
export const RetryState = temporal.api.enums.v1.RetryState;
export const TaskQueueKind = temporal.api.enums.v1.TaskQueueKind;
export const ReusePolicy = temporal.api.enums.v1.WorkflowIdReusePolicy;
export const ConflictPolicy = temporal.api.enums.v1.WorkflowIdConflictPolicy;
export const ContinueAsNewInitiator = temporal.api.enums.v1.ContinueAsNewInitiator;
export const PendingActivityState = temporal.api.enums.v1.PendingActivityState;
export const HistoryEventFilterType = temporal.api.enums.v1.HistoryEventFilterType;
export const QueryRejectCondition = temporal.api.enums.v1.QueryRejectCondition;
export const QueryResultType = temporal.api.enums.v1.QueryResultType;
export const ParentClosePolicy = temporal.api.enums.v1.ParentClosePolicy;

/** Attribute field name of an event type: EVENT_TYPE_TIMER_FIRED -> timerFiredEventAttributes. */
const attrNames = new Map<number, string>();
for (const [name, value] of Object.entries(EventType)) {
  if (typeof value !== 'number' || value === 0) continue;
  const camel = name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  attrNames.set(value, `${camel}EventAttributes`);
}
export function eventAttributesField(eventType: number): string {
  const name = attrNames.get(eventType);
  if (!name) throw new Error(`unknown event type ${eventType}`);
  return name;
}
