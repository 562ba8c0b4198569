/**
 * Assignment through signals: a supervisor assigns and reassigns a task (the new assignee is told,
 * through the outbox), an ineligible assignee is refused, the assignee releases it, a document is
 * attached; the worklist rows follow.
 */
import { randomUUID } from 'node:crypto';
import { createUser, listCaseTasks, upsertDepartment } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { startCaseWorkflow } from '../../client/case-client';
import { waitUntilSettled } from './support/case-observe';
import {
  assignTaskSignal,
  caseStateQuery,
  documentAttachedSignal,
  releaseTaskSignal,
} from '../../workflows/case-contract';
import { shippedDefinition, sendAndSettle, useRunningCaseWorker } from './support/case-harness';

const complaint = shippedDefinition('service-complaint');
const lead: Actor = { id: 'u-lead', roles: ['call-center-supervisor'], kind: 'staff' };
const ana: Actor = { id: 'u-ana', roles: ['call-center-agent'], kind: 'staff' };
const ben: Actor = { id: 'u-ben', roles: ['call-center-agent'], kind: 'staff' };
const crew: Actor = { id: 'u-crew', roles: ['sanitation-crew-lead'], kind: 'staff' };

describe('assigning, reassigning and releasing a task', () => {
  const world = useRunningCaseWorker({
    startAt: Date.parse('2026-03-02T09:30:00-08:00'),
    frozen: true,
    prepare: async (db) => {
      await upsertDepartment(db, { id: 'call-center', name: '311 Call Center' });
      await createUser(db, {
        id: 'u-ana',
        username: 'ana',
        displayName: 'Ana Agent',
        email: 'ana@city.example',
        roles: ['call-center-agent'],
        departmentId: 'call-center',
      });
      await createUser(db, {
        id: 'u-ben',
        username: 'ben',
        displayName: 'Ben Agent',
        email: 'ben@city.example',
        roles: ['call-center-agent'],
        departmentId: 'call-center',
      });
    },
  });

  it('follows assignments in the state, the worklist and the outbox', async () => {
    const caseId = `sr-assign-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: complaint,
        data: { category: 'graffiti', channel: 'app', description: 'Tag on a wall', address: '200 N Spring St, 90012' },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);

    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(assignTaskSignal, { eventId, actor: lead, step: 'triage', assignee: ana }),
        )
      ).status,
    ).toBe('accepted');
    expect(await listCaseTasks(world.db, caseId)).toMatchObject([{ stepId: 'triage', assigneeId: 'u-ana' }]);
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(assignTaskSignal, { eventId, actor: lead, step: 'triage', assignee: ben }),
        )
      ).status,
    ).toBe('accepted');
    expect(await listCaseTasks(world.db, caseId)).toMatchObject([{ stepId: 'triage', assigneeId: 'u-ben' }]);
    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(assignTaskSignal, { eventId, actor: lead, step: 'triage', assignee: crew }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'ASSIGNEE_NOT_ELIGIBLE' });
    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(assignTaskSignal, { eventId, actor: crew, step: 'triage', assignee: ana }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'DEPARTMENT_NOT_ALLOWED' });

    // Each new assignee was told once, through the outbox (no mail channel configured here).
    const told = await world
      .db('notifications')
      .where({ case_id: caseId, template: 'task-assigned' })
      .orderBy('id')
      .select('recipient', 'state');
    expect(told).toEqual([
      { recipient: 'ana@city.example', state: 'pending' },
      { recipient: 'ben@city.example', state: 'pending' },
    ]);

    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(releaseTaskSignal, { eventId, actor: ben, step: 'triage' }),
        )
      ).status,
    ).toBe('accepted');
    expect((await listCaseTasks(world.db, caseId))[0]?.assigneeId).toBeUndefined();
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(documentAttachedSignal, { eventId, actor: ben, documentId: 'doc-1', name: 'photo.jpg' }),
        )
      ).status,
    ).toBe('accepted');
    const state = await handle.query(caseStateQuery);
    expect(state.documents).toMatchObject([{ id: 'doc-1', name: 'photo.jpg', by: 'u-ben' }]);
    expect(state.active[0]?.assignee).toBeUndefined();
  });
});
