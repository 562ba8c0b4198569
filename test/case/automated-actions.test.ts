/**
 * Automated actions: a registered action that keeps failing is retried with the definition's bounded
 * policy (5 attempts for fees.calculate), then the case waits with an incident on the step; staff retry
 * it once the service is back, and the case moves on with the action's output.
 */
import { randomUUID } from 'node:crypto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { listAuditEntries } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { SHIPPED_AUTOMATED_ACTIONS } from '../../activities/automated-actions';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { retryAutomatedSignal, staffActionSignal } from '../../workflows/case-contract';
import { shippedDefinition, useRunningCaseWorker } from './support/case-harness';
import { until, waitFor } from '../support/until';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };

describe('automated actions with bounded retries', () => {
  let feeServiceUp = false;
  let feeCalls = 0;
  const world = useRunningCaseWorker({
    startAt: Date.parse('2026-03-02T09:00:00-08:00'),
    frozen: true,
    deps: (db) => ({
      db,
      automatedActions: {
        ...SHIPPED_AUTOMATED_ACTIONS,
        'fees.calculate': async (input, context) => {
          feeCalls += 1;
          if (!feeServiceUp) throw new Error('fee schedule service unavailable');
          return SHIPPED_AUTOMATED_ACTIONS['fees.calculate'](input, context);
        },
      },
    }),
  });

  it('gives up after the last attempt, raises an incident, and succeeds when staff retry', async () => {
    const caseId = `permit-fees-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: permit,
        data: {
          applicantName: 'Uma Owner',
          applicantEmail: 'uma@example.org',
          propertyAddress: '40 N Main St, Los Angeles 90012',
          parcelNumber: '5149-007-012',
          workType: 'alteration',
          projectDescription: 'Kitchen remodel',
          valuation: 30000,
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    const accepted = randomUUID();
    await handle.signal(staffActionSignal, {
      eventId: accepted,
      actor: clerk,
      step: 'intake-review',
      action: 'accept-complete',
    });
    expect((await waitForEventOutcome(handle, accepted)).status).toBe('accepted');

    // Backoff 30 s, ×2: after each failed attempt, move virtual time to the next attempt the server
    // scheduled and wait for it to be made, until the five attempts are spent.
    const clock = world.env.server.clock;
    for (let attempt = 1; attempt < 5; attempt++) {
      await until(() => feeCalls >= attempt, `attempt ${attempt}`);
      const next = await waitFor(`the retry after attempt ${attempt}`, async () =>
        optionalTsToMs((await handle.describe()).raw.pendingActivities?.[0]?.nextAttemptScheduleTime),
      );
      await clock.advance(Math.max(0, next - clock.now()));
    }
    await until(() => feeCalls >= 5, 'attempt 5');
    let summary = await waitUntilSettled(handle);
    expect(feeCalls).toBe(5);
    expect(summary.steps).toMatchObject([
      { stepId: 'calculate-fees', incident: expect.stringContaining('fee schedule service unavailable') },
    ]);
    expect(
      (await listAuditEntries(world.db, caseId, { eventTypes: ['activity-failed'] })).map((e) => e.details.step),
    ).toEqual(['calculate-fees']);

    feeServiceUp = true;
    const retried = randomUUID();
    await handle.signal(retryAutomatedSignal, { eventId: retried, actor: clerk, step: 'calculate-fees' });
    expect((await waitForEventOutcome(handle, retried)).status).toBe('accepted');
    summary = await waitUntilSettled(handle);
    expect(feeCalls).toBe(6);
    expect(summary.steps.map((s) => s.stepId)).toEqual(['awaiting-payment']);
    expect(summary.data.feeAmount).toBe(630);
  });
});
