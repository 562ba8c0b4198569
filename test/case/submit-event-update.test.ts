/**
 * The submitEvent update: the API's synchronous way in. It applies one event and answers with its
 * outcome; a repeated event id answers the first outcome; a malformed request is refused up front.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../interpreter/case-model';
import { startCaseWorkflow } from '../../client/case-client';
import { waitUntilSettled } from './support/case-observe';
import { caseStateQuery, submitEventUpdate, type CaseEventRequest } from '../../workflows/case-contract';
import { shippedDefinition, useRunningCaseWorker } from './support/case-harness';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };
const fire: Actor = { id: 'fay', roles: ['fire-plan-checker'], kind: 'staff' };

describe('submitEvent update', () => {
  const world = useRunningCaseWorker({ startAt: Date.parse('2026-03-02T09:00:00-08:00'), frozen: true });

  it('answers accepted or rejected with the reason, once per event id', async () => {
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId: `permit-upd-${randomUUID().slice(0, 8)}`,
        definition: permit,
        data: {
          applicantName: 'Nina Fence',
          applicantEmail: 'nina@example.org',
          propertyAddress: '704 E 43rd Pl, Los Angeles 90011',
          workType: 'alteration',
          projectDescription: 'Fence',
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    const submit = (request: CaseEventRequest) => handle.executeUpdate(submitEventUpdate, { args: [request] });

    const wrongRole = randomUUID();
    expect(
      await submit({
        signal: 'staffAction',
        payload: {
          eventId: wrongRole,
          actor: fire,
          step: 'intake-review',
          action: 'no-permit-required',
          comment: 'Exempt.',
        },
      }),
    ).toMatchObject({ eventId: wrongRole, status: 'rejected', code: 'ROLE_NOT_ALLOWED' });
    const claim = randomUUID();
    expect(
      await submit({ signal: 'claimTask', payload: { eventId: claim, actor: clerk, step: 'intake-review' } }),
    ).toMatchObject({ status: 'accepted' });
    // The same id again: the first outcome, nothing applied twice.
    const first = await submit({
      signal: 'claimTask',
      payload: { eventId: claim, actor: fire, step: 'intake-review' },
    });
    expect(first).toMatchObject({ eventId: claim, status: 'accepted' });
    await expect(
      submit({ signal: 'noSuchThing', payload: { eventId: randomUUID() } } as unknown as CaseEventRequest),
    ).rejects.toThrow();
    expect(
      await submit({
        signal: 'staffAction',
        payload: {
          eventId: randomUUID(),
          actor: clerk,
          step: 'intake-review',
          action: 'no-permit-required',
          comment: 'Fences up to 7 ft are exempt.',
        },
      }),
    ).toMatchObject({ status: 'accepted' });
    expect(await handle.result()).toMatchObject({ outcome: 'no-permit-required' });
    expect((await handle.query(caseStateQuery)).active).toEqual([]);
  });
});
