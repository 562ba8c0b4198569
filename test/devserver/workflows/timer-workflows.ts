// Workflows for timers, markers (local activities, patches) and continue-as-new.
import {
  condition,
  continueAsNew,
  defineSignal,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';

export async function sleeper(ms: number): Promise<number> {
  const before = Date.now();
  await sleep(ms);
  return Date.now() - before;
}

export const wakeSignal = defineSignal('wake');

/** A condition with a timeout: a signal before the timeout cancels the timer. */
export async function wakeOrTimeout(ms: number): Promise<string> {
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });
  return (await condition(() => woken, ms)) ? 'woken' : 'timed out';
}

export async function localActivityCaller(name: string): Promise<string> {
  const { shout } = proxyLocalActivities<{ shout(s: string): Promise<string> }>({ startToCloseTimeout: '10s' });
  return shout(name);
}

export async function patchedWorkflow(): Promise<string> {
  return patched('new-behaviour') ? 'patched' : 'original';
}

/** Continues as new `remaining` times, then reports the chain facts of the last run. */
export async function countdown(
  remaining: number,
): Promise<{ firstRunId: string; continuedFromExecutionRunId?: string; runId: string }> {
  if (remaining > 0) await continueAsNew<typeof countdown>(remaining - 1);
  const info = workflowInfo();
  return {
    firstRunId: info.firstExecutionRunId,
    continuedFromExecutionRunId: info.continuedFromExecutionRunId,
    runId: info.runId,
  };
}

/** Sleeps in short timers until the server suggests continue-as-new, then continues as new once. */
export async function growsUntilSuggested(continued: boolean): Promise<{ timers: number; historySize: number }> {
  if (continued) return { timers: 0, historySize: workflowInfo().historySize };
  let timers = 0;
  while (!workflowInfo().continueAsNewSuggested) {
    await sleep(1);
    timers++;
    if (timers > 200) throw new Error('continue-as-new was never suggested');
  }
  await continueAsNew<typeof growsUntilSuggested>(true);
  return { timers, historySize: 0 };
}
