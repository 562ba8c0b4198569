import { EXECUTION_STATUS_NAMES, ExecutionStatusName, SearchAttributeType } from './visibility-query';

/** A time as records carry it: a Date or epoch milliseconds (the server's clock unit). */
export type Instant = Date | number;

/**
 * What visibility sees of one workflow execution. `status` may be the query-language name
 * ('Running'), the proto enum name ('WORKFLOW_EXECUTION_STATUS_RUNNING') or the proto enum number (1).
 */
export interface VisibilityRecord {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatusName | string | number;
  startTime: Instant;
  /** Absent or null while the execution is open. */
  closeTime?: Instant | null;
  /** When the first workflow task could run (start + start delay / cron backoff); defaults to startTime. */
  executionTime?: Instant | null;
  /** Decoded custom search attributes (see decodeSearchAttributes); a missing key is NULL. */
  searchAttributes: Record<string, unknown>;
  /**
   * Types of the custom search attributes (see searchAttributeTypesOf). Optional: without it types are
   * inferred from the values, and a string is matched as a Keyword rather than as Text.
   */
  searchAttributeTypes?: Record<string, SearchAttributeType>;
}

/** Proto `WorkflowExecutionStatus` enum order: 0 is UNSPECIFIED. */
const PROTO_STATUS_ORDER: readonly ExecutionStatusName[] = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
];

/** Canonical status name of any accepted status spelling, or undefined when unrecognised. */
export function executionStatusName(status: unknown): ExecutionStatusName | undefined {
  if (typeof status === 'number') return PROTO_STATUS_ORDER[status - 1];
  if (typeof status !== 'string') return undefined;
  const bare = status
    .replace(/^WORKFLOW_EXECUTION_STATUS_/, '')
    .replace(/_/g, '')
    .toLowerCase();
  return EXECUTION_STATUS_NAMES.find((name) => name.toLowerCase() === bare);
}
