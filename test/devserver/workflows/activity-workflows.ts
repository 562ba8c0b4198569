// Workflows for activity behaviour: one generic caller plus cancellation scenarios.
import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  type ActivityOptions,
} from '@temporalio/workflow';
import { summarizeFailure, type FailureSummary } from './failure-summary';

type AnyActivities = Record<string, (...args: unknown[]) => Promise<unknown>>;

export type ActivityOutcome = { ok: unknown } | { failed: FailureSummary };

/** Calls one activity by name with the given options and reports the outcome. */
export async function callActivity(name: string, options: ActivityOptions, args: unknown[]): Promise<ActivityOutcome> {
  const activities = proxyActivities<AnyActivities>(options);
  try {
    return { ok: await activities[name](...args) };
  } catch (err) {
    return { failed: summarizeFailure(err) };
  }
}

export const cancelSignal = defineSignal('cancel');

/** Starts an activity, cancels it when signalled, and reports what the workflow saw. */
export async function cancelActivityOnSignal(name: string, options: ActivityOptions): Promise<ActivityOutcome> {
  let cancel = false;
  setHandler(cancelSignal, () => {
    cancel = true;
  });
  const activities = proxyActivities<AnyActivities>({
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    ...options,
  });
  const scope = new CancellationScope();
  const running = scope.run(() => activities[name]());
  await condition(() => cancel);
  scope.cancel();
  try {
    return { ok: await running };
  } catch (err) {
    return { failed: summarizeFailure(err) };
  }
}
