/**
 * A case's Temporal shape without the case (bench/temporal-floor.bench.ts): started by
 * update-with-start and answered once its first step is "recorded", three updates each answered once
 * its step is recorded, a local activity per step, the deadline timer re-armed at each wait as the
 * case workflow arms it, and one ordinary activity (the notice) after the last step. The activities do
 * nothing, so what a lifecycle costs here is the SDK's and the embedded server's part alone.
 */
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { FloorActivities } from './temporal-floor.activities';

export const floorStartedUpdate = defineUpdate<number>('floorStarted');
/** One step; `closes` ends the lifecycle. Answers the number of steps recorded. */
export const floorStepUpdate = defineUpdate<number, [closes: boolean]>('floorStep');

const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });
const remote = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

/** A service-level deadline a week out, as a new case has one. */
const DEADLINE_MS = 7 * 24 * 3600 * 1000;

export async function caseShapedWorkflow(): Promise<number> {
  const queue: boolean[] = [];
  let submitted = 0;
  let recorded = 0;
  setHandler(floorStartedUpdate, async () => {
    await condition(() => recorded >= 1);
    return recorded;
  });
  setHandler(floorStepUpdate, async (closes) => {
    queue.push(closes);
    submitted += 1;
    const mine = submitted + 1; // the first step is the start's
    await condition(() => recorded >= mine);
    return recorded;
  });
  await local.recordStep(recorded);
  recorded += 1;
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const closes = queue.shift();
    if (closes === undefined) {
      await condition(() => queue.length > 0, Math.max(1, deadline - Date.now()));
      continue;
    }
    await local.recordStep(recorded);
    recorded += 1;
    if (closes) break;
  }
  await remote.sendNotice(recorded);
  return recorded;
}
