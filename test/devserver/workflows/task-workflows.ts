// Workflows for workflow-task behaviour: buffering, unhandled commands, invalid commands, cancellation.
import {
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';

export const pokeSignal = defineSignal<[number]>('poke');

/**
 * Runs a local activity that signals this workflow while the workflow task is open. With
 * `completeRightAway` the task's completion carries the close command while the signals are
 * buffered (the server must answer UNHANDLED_COMMAND); otherwise the workflow waits for them.
 */
export async function signalsDuringTask(expected: number, completeRightAway: boolean): Promise<number[]> {
  const received: number[] = [];
  setHandler(pokeSignal, (n) => {
    received.push(n);
  });
  const { pokeSelf } = proxyLocalActivities<{ pokeSelf(workflowId: string): Promise<void> }>({
    startToCloseTimeout: '10s',
  });
  await pokeSelf(workflowInfo().workflowId);
  if (!completeRightAway) await condition(() => received.length >= expected);
  return received;
}

/** Schedules two activities with the same id: the server rejects the task (not the workflow). */
export async function duplicateActivityIds(): Promise<void> {
  const { nothing } = proxyActivities<{ nothing(): Promise<void> }>({
    startToCloseTimeout: '10s',
    activityId: 'same-id',
  });
  await Promise.all([nothing(), nothing()]);
}

/** Waits a day; reports whether it saw a cancellation request. */
export async function waitsForCancel(): Promise<string> {
  try {
    await sleep('1 day');
    return 'slept';
  } catch (err) {
    if (isCancellation(err)) return 'saw cancellation';
    throw err;
  }
}

/** Waits for any signal, then completes. */
export async function waitForPoke(): Promise<number> {
  let value = -1;
  setHandler(pokeSignal, (n) => {
    value = n;
  });
  await condition(() => value >= 0);
  return value;
}

/** Returns the worker-visible history facts of the first task. */
export async function historyFacts(): Promise<{
  historyLength: number;
  historySize: number;
  continueAsNewSuggested: boolean;
}> {
  const info = workflowInfo();
  return {
    historyLength: info.historyLength,
    historySize: info.historySize,
    continueAsNewSuggested: info.continueAsNewSuggested,
  };
}

export const stageQuery = defineQuery<string>('stage');

/** Answers `stage` queries while a local activity keeps its first workflow task open. */
export async function queryDuringTask(): Promise<string> {
  let stage = 'running local activity';
  setHandler(stageQuery, () => stage);
  const { queryMe } = proxyLocalActivities<{ queryMe(workflowId: string): Promise<void> }>({
    startToCloseTimeout: '10s',
  });
  await queryMe(workflowInfo().workflowId);
  stage = 'after local activity';
  await condition(() => false, '1 day');
  return stage;
}
