// Workflows for updates: a counter with a validated `add` update and a slow update.
import {
  condition,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

export const addUpdate = defineUpdate<number, [number]>('add');
export const slowAddUpdate = defineUpdate<number, [number]>('slowAdd');
export const releaseSignal = defineSignal('release');
export const doneSignal = defineSignal('done');

export async function counter(): Promise<number> {
  let total = 0;
  let released = false;
  let done = false;
  setHandler(
    addUpdate,
    (n) => {
      total += n;
      return total;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error('only non-negative amounts');
      },
    },
  );
  setHandler(slowAddUpdate, async (n) => {
    await condition(() => released);
    total += n;
    return total;
  });
  setHandler(releaseSignal, () => {
    released = true;
  });
  setHandler(doneSignal, () => {
    done = true;
  });
  await condition(() => done);
  return total;
}

/** Like `counter`, but its first workflow task runs a local activity (which sends an update meanwhile). */
export async function counterAfterLocalActivity(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(addUpdate, (n) => (total += n));
  setHandler(doneSignal, () => {
    done = true;
  });
  const { queryMe } = proxyLocalActivities<{ queryMe(workflowId: string): Promise<void> }>({
    startToCloseTimeout: '10s',
  });
  await queryMe(workflowInfo().workflowId);
  await condition(() => done);
  return total;
}
