// Workflows for child workflows and signal/cancel of external workflows.
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  executeChild,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { summarizeFailure, type FailureSummary } from './failure-summary';
import { echo } from './basic-workflows';
import { pokeSignal, waitForPoke } from './task-workflows';
import { countdown } from './timer-workflows';

export async function failsWith(message: string): Promise<never> {
  throw ApplicationFailure.nonRetryable(message, 'ChildError');
}

export async function sleepsADay(): Promise<void> {
  await sleep('1 day');
}

export async function parentOfEcho(value: string): Promise<{ result: string; parentOfChild: string | undefined }> {
  const result = await executeChild(echo, { args: [value], workflowId: `${workflowInfo().workflowId}-child` });
  return { result, parentOfChild: workflowInfo().workflowId };
}

const { untilChildReported } = proxyLocalActivities<{ untilChildReported(parentId: string): Promise<void> }>({
  startToCloseTimeout: '20s',
});

/**
 * Starts a child, then holds its next workflow task open (a local activity) until the child's close
 * has reached this run, so the server buffers the close event behind the started task.
 */
export async function parentBusyWhileChildCloses(value: string): Promise<string> {
  const child = await startChild(echo, { args: [value], workflowId: `${workflowInfo().workflowId}-child` });
  await untilChildReported(workflowInfo().workflowId);
  return child.result();
}

export async function parentOfFailingChild(): Promise<FailureSummary> {
  try {
    await executeChild(failsWith, { args: ['child broke'], workflowId: `${workflowInfo().workflowId}-child` });
    throw new Error('child should have failed');
  } catch (err) {
    return summarizeFailure(err);
  }
}

export async function parentCancelsChild(): Promise<FailureSummary> {
  const scope = new CancellationScope();
  const child = await scope.run(() => startChild(sleepsADay, { workflowId: `${workflowInfo().workflowId}-child` }));
  scope.cancel();
  try {
    await child.result();
    throw new Error('child should have been cancelled');
  } catch (err) {
    return summarizeFailure(err);
  }
}

/** Starts one child per policy and returns at once, closing the parent. */
export async function parentWithPolicies(): Promise<string[]> {
  const id = workflowInfo().workflowId;
  const policies = [
    ['terminate', ParentClosePolicy.TERMINATE],
    ['abandon', ParentClosePolicy.ABANDON],
    ['request-cancel', ParentClosePolicy.REQUEST_CANCEL],
  ] as const;
  const ids: string[] = [];
  for (const [name, parentClosePolicy] of policies) {
    const child = await startChild(waitForPoke, { workflowId: `${id}-${name}`, parentClosePolicy });
    ids.push(child.workflowId);
  }
  return ids;
}

export async function signalsOther(targetId: string, value: number): Promise<string> {
  try {
    await getExternalWorkflowHandle(targetId).signal(pokeSignal, value);
    return 'signalled';
  } catch (err) {
    return `failed: ${(err as Error).name}`;
  }
}

export async function cancelsOther(targetId: string): Promise<string> {
  try {
    await getExternalWorkflowHandle(targetId).cancel();
    return 'cancel requested';
  } catch (err) {
    return `failed: ${(err as Error).name}`;
  }
}

/** Starts a child with a given id; reports the error if the id is taken. */
export async function parentStartsChildWithId(childId: string): Promise<string> {
  try {
    await startChild(waitForPoke, { workflowId: childId });
    return 'started';
  } catch (err) {
    return `failed: ${(err as Error).name}`;
  }
}

/** A child that continues as new twice before completing; the parent gets the last run's result. */
export async function parentOfContinuingChild(): Promise<string> {
  const result = await executeChild(countdown, { args: [2], workflowId: `${workflowInfo().workflowId}-child` });
  return result.runId === result.firstRunId ? 'same run' : 'followed the chain';
}
