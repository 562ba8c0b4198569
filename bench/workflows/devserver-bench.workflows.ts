// Workflows the devserver bench runs (bundled by the SDK worker; deterministic code only).
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BenchActivities } from './devserver-bench.activities';

const { echo } = proxyActivities<BenchActivities>({ startToCloseTimeout: '30 seconds' });

export const stepSignal = defineSignal('step');
export const markSignal = defineSignal<[number]>('mark');
export const processedQuery = defineQuery<number>('processed');
export const finishSignal = defineSignal('finish');

/** Completes in its first workflow task. */
export async function trivialWorkflow(): Promise<string> {
  return 'done';
}

/** Waits for 3 signals, then a 1 ms timer, then one activity. */
export async function signalsTimerActivityWorkflow(): Promise<number> {
  let steps = 0;
  setHandler(stepSignal, () => {
    steps += 1;
  });
  await condition(() => steps >= 3);
  await sleep(1);
  return echo(steps);
}

/** Remembers the highest mark signalled; the latency bench reads it with a query. */
export async function signalLatencyWorkflow(): Promise<number> {
  let processed = 0;
  let finished = false;
  setHandler(markSignal, (mark: number) => {
    processed = Math.max(processed, mark);
  });
  setHandler(processedQuery, () => processed);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return processed;
}

/** Stays open with one armed timer (the memory bench). */
export async function armedTimerWorkflow(): Promise<void> {
  await sleep('1 day');
}
