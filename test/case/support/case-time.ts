/**
 * Moving virtual time for one case without timing out its work: the clock is advanced to each of the
 * case's deadlines in turn and the case is left to settle in between. One big jump would also fire the
 * timeouts of the workflow tasks and activities that the first fired timer sets off.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { nextDeadline } from '../../../interpreter';
import { waitUntilSettled } from './case-observe';
import { caseStateQuery, type CaseSummary } from '../../../workflows/case-contract';
import type { DevServerClock } from '../../../devserver';

export async function advanceCaseTo(
  clock: DevServerClock,
  handle: WorkflowHandle,
  targetMs: number,
): Promise<CaseSummary> {
  let summary = await waitUntilSettled(handle);
  for (let hops = 0; hops < 10_000; hops++) {
    const state = await handle.query(caseStateQuery);
    const candidates = [
      nextDeadline(state)?.dueMs,
      state.lifecycle === 'closed' && state.reopen ? Date.parse(state.reopen.until) : undefined,
    ].filter((ms): ms is number => ms !== undefined && ms > clock.now() - 1 && ms < targetMs);
    const hop = candidates.length > 0 ? Math.min(...candidates) + 1 : targetMs;
    if (hop > clock.now()) await clock.advance(hop - clock.now());
    summary = await waitUntilSettled(handle);
    if (hop >= targetMs) return summary;
  }
  throw new Error('the case keeps arming deadlines before the target instant');
}
