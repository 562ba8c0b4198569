import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TimeoutFailure,
  isCancellation,
} from '@temporalio/workflow';

/** A serializable summary of an error seen by a workflow. */
export interface FailureSummary {
  error: string;
  message: string;
  cause?: string;
  causeMessage?: string;
  timeoutType?: string;
  applicationType?: string;
  retryState?: string;
  cancelled: boolean;
}

export function summarizeFailure(err: unknown): FailureSummary {
  const e = err as Error & { cause?: unknown };
  const cause = e.cause as (Error & { timeoutType?: number; type?: string }) | undefined;
  return {
    error: e.name,
    message: e.message,
    cause: cause?.name,
    causeMessage: cause?.message,
    timeoutType: cause instanceof TimeoutFailure ? String(cause.timeoutType) : undefined,
    applicationType: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
    retryState: err instanceof ActivityFailure ? String(err.retryState) : undefined,
    cancelled: isCancellation(err) || cause instanceof CancelledFailure,
  };
}
