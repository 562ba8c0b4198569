/**
 * The workflow re-checks who may act: the wrong role, the wrong department, the same person on a
 * four-eyes step, or missing fields (a permit's conditions among them) are rejected with a reason the API can show, the case stays
 * exactly as it was, and the attempt itself is on the audit trail.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { getCase, listAuditEntries, verifyAuditChain } from '../../db';
import type { Actor, CaseState } from '../../interpreter/case-model';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import {
  availableActionsQuery,
  caseStateQuery,
  externalEventSignal,
  staffActionSignal,
  type StaffActionSignal,
} from '../../workflows/case-contract';
import { shippedDefinition, useRunningCaseWorker } from './support/case-harness';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'lee', roles: ['permit-clerk', 'plan-check-supervisor'], kind: 'staff' };
const fireChecker: Actor = { id: 'fay', roles: ['fire-plan-checker'], kind: 'staff' };
const clerkOfFire: Actor = { id: 'fred', roles: ['permit-clerk'], department: 'fire', kind: 'staff' };
const planner: Actor = { id: 'pat', roles: ['zoning-planner'], kind: 'staff' };
const supervisor: Actor = { id: 'sam', roles: ['plan-check-supervisor'], kind: 'staff' };

describe('rejected staff actions leave the case unchanged', () => {
  const world = useRunningCaseWorker({ startAt: Date.parse('2026-03-02T09:00:00-08:00') });

  async function act(handle: WorkflowHandle, signal: Omit<StaffActionSignal, 'eventId'>) {
    const eventId = randomUUID();
    await handle.signal(staffActionSignal, { eventId, ...signal });
    const outcome = await waitForEventOutcome(handle, eventId);
    await waitUntilSettled(handle);
    return { eventId, outcome };
  }

  async function expectAccepted(handle: WorkflowHandle, signal: Omit<StaffActionSignal, 'eventId'>) {
    expect((await act(handle, signal)).outcome.status).toBe('accepted');
  }

  async function expectRejected(
    handle: WorkflowHandle,
    signal: Omit<StaffActionSignal, 'eventId'>,
    code: string,
    reason: RegExp,
  ) {
    const before: CaseState = await handle.query(caseStateQuery);
    const rowBefore = await getCase(world.db, handle.workflowId);
    const { eventId, outcome } = await act(handle, signal);
    expect(outcome).toMatchObject({ eventId, status: 'rejected', code });
    expect(outcome.status === 'rejected' && outcome.reason).toMatch(reason);
    // Unchanged: the workflow state (sequence included) and the read model.
    expect(await handle.query(caseStateQuery)).toEqual(before);
    const rowAfter = await getCase(world.db, handle.workflowId);
    expect(rowAfter?.projectionSequence).toBe(rowBefore?.projectionSequence);
    expect(rowAfter?.caseData).toEqual(rowBefore?.caseData);
    // On the record: who tried what, and why it was refused.
    const rejected = (await listAuditEntries(world.db, handle.workflowId, { eventTypes: ['action-rejected'] })).find(
      (e) => e.idempotencyKey === `${handle.workflowId}:rejected:${eventId}`,
    );
    expect(rejected).toMatchObject({
      actor: { id: signal.actor.id, kind: 'staff' },
      details: { step: signal.step, action: signal.action, detail: { code, event: 'staff-action' } },
    });
    expect(String(rejected?.details.reason)).toMatch(reason);
  }

  it('rejects the wrong role, the wrong department, missing fields and the same person twice on a four-eyes step', async () => {
    const caseId = `permit-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      { caseId, definition: permit, data: NEW_HOME_PERMIT_APPLICATION },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);

    await expectRejected(
      handle,
      { actor: fireChecker, step: 'intake-review', action: 'accept-complete', data: { parcelNumber: '5503-012-034' } },
      'ROLE_NOT_ALLOWED',
      /needs the role "permit-clerk"/,
    );
    await expectRejected(
      handle,
      { actor: clerkOfFire, step: 'intake-review', action: 'accept-complete', data: { parcelNumber: '5503-012-034' } },
      'DEPARTMENT_NOT_ALLOWED',
      /department "building-safety"/,
    );
    await expectRejected(
      handle,
      { actor: clerk, step: 'intake-review', action: 'accept-complete' },
      'REQUIRED_FIELD_MISSING',
      /parcelNumber/,
    );
    await expectRejected(
      handle,
      { actor: clerk, step: 'intake-review', action: 'no-permit-required' },
      'COMMENT_REQUIRED',
      /comment/,
    );
    await expectRejected(
      handle,
      { actor: clerk, step: 'decision', action: 'issue' },
      'STEP_NOT_ACTIVE',
      /not on step "decision"/,
    );

    // The API's list of what this person may do agrees with the rules.
    expect((await handle.query(availableActionsQuery, fireChecker)).length).toBe(0);
    expect((await handle.query(availableActionsQuery, clerk)).map((a) => a.kind === 'action' && a.action)).toContain(
      'accept-complete',
    );

    await expectAccepted(handle, {
      actor: clerk,
      step: 'intake-review',
      action: 'accept-complete',
      data: { parcelNumber: '5503-012-034' },
    });
    const paid = randomUUID();
    await handle.signal(externalEventSignal, {
      eventId: paid,
      event: 'fee-paid',
      actor: { id: 'cashier', kind: 'system' },
    });
    expect((await waitForEventOutcome(handle, paid)).status).toBe('accepted');
    await waitUntilSettled(handle);
    await expectAccepted(handle, {
      actor: planner,
      step: 'zoning-review',
      action: 'clear',
      data: { zoningFindings: 'Complies with R1.' },
    });
    await expectAccepted(handle, {
      actor: fireChecker,
      step: 'fire-review',
      action: 'clear',
      data: { fireFindings: 'Complies.' },
    });

    // Lee checked the application in and holds the supervisor role too: not on the same case.
    await expectRejected(
      handle,
      { actor: clerk, step: 'decision', action: 'issue' },
      'SEPARATION_OF_DUTIES',
      /lee completed step "intake-review"/,
    );
    expect((await handle.query(availableActionsQuery, clerk)).length).toBe(0);
    // A repeated event id is not applied again: the first outcome stands and nothing is re-audited.
    const first = await act(handle, { actor: supervisor, step: 'decision', action: 'deny', comment: 'Denied' });
    expect(first.outcome).toMatchObject({ status: 'rejected', code: 'REQUIRED_FIELD_MISSING' });
    await handle.signal(staffActionSignal, {
      eventId: first.eventId,
      actor: supervisor,
      step: 'decision',
      action: 'issue',
    });
    await waitUntilSettled(handle);
    expect(await waitForEventOutcome(handle, first.eventId)).toEqual(first.outcome);
    expect((await handle.query(caseStateQuery)).active.map((a) => a.stepId)).toEqual(['decision']);
    // Since 1.0.1 a permit cannot be issued without its conditions: the permit-issued notice states them.
    await expectRejected(
      handle,
      { actor: supervisor, step: 'decision', action: 'issue' },
      'REQUIRED_FIELD_MISSING',
      /"issue" needs permitConditions/,
    );
    await expectAccepted(handle, {
      actor: supervisor,
      step: 'decision',
      action: 'issue',
      data: { permitConditions: 'Standard conditions.' },
    });
    const final = await waitUntilSettled(handle);
    expect(final.outcome?.id).toBe('permit-issued');

    // The run ends with the case (no reopen window here): a late signal is refused by the server, which
    // the API reports as "case closed".
    await expect(
      handle.signal(staffActionSignal, { eventId: randomUUID(), actor: supervisor, step: 'decision', action: 'deny' }),
    ).rejects.toThrow(/completed/);
    expect((await listAuditEntries(world.db, caseId, { eventTypes: ['action-rejected'] })).length).toBe(8);
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true });
  });
});
