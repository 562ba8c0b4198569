/**
 * Automated actions: a registered action that keeps failing is retried with the definition's bounded
 * policy (5 attempts for fees.calculate), then the case waits with an incident on the step; staff retry
 * it once the service is back, and the case moves on with the action's output.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { listAuditEntries } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { SHIPPED_AUTOMATED_ACTIONS } from '../../activities/automated-actions';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { caseSummaryQuery, retryAutomatedSignal, staffActionSignal } from '../../workflows/case-contract';
import { createTestDatabase, shippedDefinition, startCaseServer, type CaseServer, type TestDatabase } from './support/case-harness';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };

describe('automated actions with bounded retries', () => {
  let t: TestDatabase;
  let env: CaseServer;
  let worker: Worker;
  let running: Promise<void>;
  let feeServiceUp = false;
  let feeCalls = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    env = await startCaseServer({ startAt: Date.parse('2026-03-02T09:00:00-08:00'), frozen: true });
    worker = await env.newWorker({
      db: t.db,
      automatedActions: {
        ...SHIPPED_AUTOMATED_ACTIONS,
        'fees.calculate': async (input, context) => {
          feeCalls += 1;
          if (!feeServiceUp) throw new Error('fee schedule service unavailable');
          return SHIPPED_AUTOMATED_ACTIONS['fees.calculate'](input, context);
        },
      },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.close();
    await t?.drop();
  });

  it('gives up after the last attempt, raises an incident, and succeeds when staff retry', async () => {
    const caseId = `permit-fees-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(env.client, {
      caseId,
      definition: permit,
      data: { applicantName: 'Uma Owner', applicantEmail: 'uma@example.org', propertyAddress: '40 N Main St, Los Angeles 90012', parcelNumber: '5149-007-012', workType: 'alteration', projectDescription: 'Kitchen remodel', valuation: 30000 },
    }, { taskQueue: env.taskQueue });
    await waitUntilSettled(handle);
    const accepted = randomUUID();
    await handle.signal(staffActionSignal, { eventId: accepted, actor: clerk, step: 'intake-review', action: 'accept-complete' });
    expect((await waitForEventOutcome(handle, accepted)).status).toBe('accepted');

    // Backoff 30 s, ×2: step virtual time until the five attempts are spent and the incident is raised.
    let summary = await handle.query(caseSummaryQuery);
    for (let i = 0; i < 40 && !summary.steps.some((s) => s.incident); i++) {
      await env.server.clock.advance(30_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      summary = await handle.query(caseSummaryQuery);
    }
    summary = await waitUntilSettled(handle);
    expect(feeCalls).toBe(5);
    expect(summary.steps).toMatchObject([{ stepId: 'calculate-fees', incident: expect.stringContaining('fee schedule service unavailable') }]);
    expect((await listAuditEntries(t.db, caseId, { eventTypes: ['activity-failed'] })).map((e) => e.details.step)).toEqual(['calculate-fees']);

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
