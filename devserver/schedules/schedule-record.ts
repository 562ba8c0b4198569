// The whole state of one schedule as a plain JSON object (saved whole on every change), like
// engine/execution-record.ts is for a run.
import type { WireAction, WireMemo, WireSearchAttributes } from './schedule-messages';
import type { CompiledSpec } from './schedule-spec';

/** An action decided but not yet confirmed: redone on recovery with the same requestId (exactly once). */
export type PendingOp =
  | { kind: 'start'; nominalMs: number; actualMs: number; workflowId: string; requestId: string; manual: boolean }
  | { kind: 'cancel' | 'terminate'; workflowId: string; runId: string };

/** A due action waiting for its overlap policy to let it start. */
export interface BufferedAction {
  nominalMs: number;
  actualMs: number;
  overlapPolicy: number;
  manual: boolean;
}

export interface ActionResult {
  scheduleTimeMs: number;
  actualTimeMs: number;
  workflowId: string;
  runId: string;
}

export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  /** Increases with every save; the conflict token is the version of the last update. */
  version: number;
  conflictToken: number;
  spec: CompiledSpec;
  /** ScheduleAction (startWorkflow: NewWorkflowExecutionInfo) as sent. */
  action: WireAction;
  overlapPolicy: number;
  catchupWindowMs: number;
  pauseOnFailure: boolean;
  paused: boolean;
  notes: string;
  limitedActions: boolean;
  remainingActions: number;
  memo?: WireMemo;
  searchAttributes?: WireSearchAttributes;
  createTimeMs: number;
  updateTimeMs: number;
  createRequestId?: string;
  /** Every nominal time up to here has been handled (taken, buffered, skipped or missed). */
  processedUntilMs: number;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  buffer: BufferedAction[];
  running: Array<{ workflowId: string; runId: string }>;
  /** Runs already asked to cancel (CANCEL_OTHER), so a request is sent once. */
  cancelRequested: string[];
  recent: ActionResult[];
  pending: PendingOp[];
}

export const scheduleKey = (namespace: string, scheduleId: string): string => `${namespace}\u0000${scheduleId}`;
