import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

export async function echo(value: string): Promise<string> {
  return value;
}

export const approveSignal = defineSignal<[string]>('approve');
export const statusQuery = defineQuery<string>('status');

/** Waits for an approval signal (with a timeout timer), answers queries, then runs an activity and sleeps. */
export async function approval(timeoutMs: number): Promise<string> {
  let status = 'waiting';
  let approvedBy = '';
  setHandler(statusQuery, () => status);
  setHandler(approveSignal, (who) => {
    approvedBy = who;
  });
  const approved = await condition(() => approvedBy !== '', timeoutMs);
  if (!approved) return 'timed out';
  status = 'approved';
  const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({ startToCloseTimeout: '10s' });
  const greeting = await greet(approvedBy);
  status = 'sleeping';
  await sleep(2000);
  return greeting;
}

/** Fails (retryably) until the given attempt, then reports the attempt it succeeded on. */
export async function failsUntilAttempt(succeedOn: number): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt < succeedOn) throw ApplicationFailure.retryable(`attempt ${attempt} failed`, 'NotYet');
  return attempt;
}

/** Upserts a search attribute and the memo, then waits to be released. */
export async function upsertsProperties(): Promise<void> {
  upsertSearchAttributes({ CustomKeywordField: ['escalated'], CustomIntField: [2] });
  upsertMemo({ stage: 'review' });
  let done = false;
  setHandler(approveSignal, () => {
    done = true;
  });
  await condition(() => done);
  upsertSearchAttributes({ CustomIntField: [] });
}
