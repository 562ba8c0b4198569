import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure, isCancellation } from '@temporalio/workflow';

/** A serializable summary of an error seen by a workflow. */
export interface FailureSummary {
  error: string;
  message: string;
  cause?: string;
  causeMessage?: string;
  timeoutType?: number;
  applicationType?: string;
  retryState?: number;
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
    timeoutType: cause instanceof TimeoutFailure ? (cause.timeoutType as unknown as number) : undefined,
    applicationType: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
    retryState: err instanceof ActivityFailure ? (err.retryState as unknown as number) : undefined,
    cancelled: isCancellation(err) || cause instanceof CancelledFailure,
  };
}
