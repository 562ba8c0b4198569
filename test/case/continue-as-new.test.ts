/**
 * Continue-as-new: with the server suggesting it after a short history, a busy case rolls over to new
 * runs carrying its full state and the outcomes of earlier events, and carries on to its end.
 */
import { randomUUID } from 'node:crypto';
import { getCase, listAuditEntries, verifyAuditChain } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { caseStateQuery, commentSignal, eventOutcomeQuery, staffActionSignal } from '../../workflows/case-contract';
import { shippedDefinition, useRunningCaseWorker } from './support/case-harness';

const complaint = shippedDefinition('service-complaint');
const agent: Actor = { id: 'agent-1', roles: ['call-center-agent'], kind: 'staff' };
const crew: Actor = { id: 'crew-1', roles: ['sanitation-crew-lead'], kind: 'staff' };

describe('continue-as-new carries the case over', () => {
  const world = useRunningCaseWorker({
    startAt: Date.parse('2026-03-02T09:30:00-08:00'),
    frozen: true,
    suggestContinueAsNewAfterEvents: 40,
  });

  it('rolls over to a new run and finishes with the whole record', async () => {
    const caseId = `sr-can-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: complaint,
        data: {
          category: 'bulky-items',
          channel: 'call',
          description: 'Sofa',
          address: '16815 W Vanowen St, 91406',
          residentEmail: 'ana@example.org',
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    const first = randomUUID();
    await handle.signal(commentSignal, { eventId: first, actor: agent, text: 'Resident called back.' });
    expect((await waitForEventOutcome(handle, first)).status).toBe('accepted');
    for (let i = 0; i < 12; i++) {
      const eventId = randomUUID();
      await handle.signal(commentSignal, { eventId, actor: agent, text: `Note ${i}` });
      expect((await waitForEventOutcome(handle, eventId)).status).toBe('accepted');
    }
    await waitUntilSettled(handle);
    const runs = world.env.server.engine.runsOf('default', caseId);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // The outcome of an event from the first run is still known, and the state is whole.
    expect(await handle.query(eventOutcomeQuery, first)).toMatchObject({ status: 'accepted' });
    const state = await handle.query(caseStateQuery);
    expect(state.commentCount).toBe(13);
    expect(state.active.map((a) => a.stepId)).toEqual(['triage']);
    expect(Object.keys(state.deadlines).length).toBeGreaterThan(0);

    for (const signal of [
      { actor: agent, step: 'triage', action: 'route' },
      { actor: crew, step: 'sanitation-field-work', action: 'complete', data: { resolutionNote: 'Collected.' } },
    ]) {
      const eventId = randomUUID();
      await handle.signal(staffActionSignal, { eventId, ...signal });
      expect((await waitForEventOutcome(handle, eventId)).status).toBe('accepted');
    }
    const summary = await waitUntilSettled(handle);
    expect(summary).toMatchObject({ lifecycle: 'closed', outcome: { id: 'resolved' } });
    expect((await getCase(world.db, caseId))?.outcome).toBe('resolved');
    const entries = await listAuditEntries(world.db, caseId, { limit: 5000 });
    expect(entries.filter((e) => e.eventType === 'comment-added')).toHaveLength(13);
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true, entriesChecked: entries.length });
  });
});
