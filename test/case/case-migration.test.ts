/**
 * Migrating running cases through their workflow (migrateCaseUpdate) with the real worker and the
 * embedded server: a mapped case moves and continues on the new step with its history, read model
 * and audit trail; a case on an unmapped step stays where it is and says why; the migrated case's
 * history replays.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { getCase, listAuditEntries, publishDefinition, saveDefinitionDraft } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import { startCaseOnLatestVersion } from '../../client/case-starter';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { caseSummaryQuery, claimTaskSignal, migrateCaseUpdate, staffActionSignal } from '../../workflows/case-contract';
import {
  BUILDING_PERMIT_SOURCE,
  compileBuildingPermit,
  renamedBuildingPermit,
} from '../support/building-permit-versions';
import { caseBundle, useRunningCaseWorker } from './support/case-harness';

const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };
const manager: Actor = { id: 'pm-1', roles: ['program-manager'], kind: 'staff' };
const data = {
  applicantName: 'Nina Fence',
  applicantEmail: 'nina@example.org',
  propertyAddress: '704 E 43rd Pl, Los Angeles 90011',
  workType: 'alteration',
  projectDescription: 'Replace a fence like for like',
};

describe('migrating running cases through the workflow', () => {
  const v1 = compileBuildingPermit(BUILDING_PERMIT_SOURCE);
  const v11 = compileBuildingPermit(renamedBuildingPermit('1.1.0', true));
  const v12 = compileBuildingPermit(renamedBuildingPermit('1.2.0', false));
  const world = useRunningCaseWorker({
    startAt: Date.parse('2026-03-02T09:00:00-08:00'),
    frozen: true,
    prepare: async (db) => {
      await saveDefinitionDraft(db, {
        id: v1.id,
        version: v1.version,
        title: v1.title,
        contentHash: v1.hash,
        yamlSource: BUILDING_PERMIT_SOURCE,
        compiled: v1,
        createdBy: 'pm-1',
      });
      await publishDefinition(db, { id: v1.id, version: v1.version, publishedBy: 'pm-1' });
    },
  });

  async function openClaimedCase() {
    const { handle } = await startCaseOnLatestVersion(
      world.env.client,
      world.db,
      'building-permit',
      { caseId: `bp-${randomUUID().slice(0, 8)}`, data },
      { taskQueue: world.env.taskQueue },
    );
    const eventId = randomUUID();
    await handle.signal(claimTaskSignal, { eventId, actor: clerk, step: 'intake-review' });
    expect((await waitForEventOutcome(handle, eventId)).status).toBe('accepted');
    await waitUntilSettled(handle);
    return handle;
  }

  const migrate = (
    handle: Awaited<ReturnType<typeof openClaimedCase>>,
    target: CompiledDefinition,
    eventId = randomUUID(),
  ) =>
    handle.executeUpdate(migrateCaseUpdate, {
      args: [{ eventId, target, actor: manager, source: { channel: 'web' } }],
    });

  it('moves a mapped case, which then continues on the new step with its assignee and history', async () => {
    const handle = await openClaimedCase();
    const before = await handle.query(caseSummaryQuery);
    const eventId = randomUUID();
    const result = await migrate(handle, v11, eventId);
    expect(result).toMatchObject({
      status: 'migrated',
      from: '1.0.1',
      to: '1.1.0',
      moves: [{ from: 'intake-review', to: 'completeness-check' }],
    });
    // The same event id answers the same result again and changes nothing.
    expect(await migrate(handle, v11, eventId)).toEqual(result);

    const after = await waitUntilSettled(handle);
    expect(after.definition).toEqual({ id: 'building-permit', version: '1.1.0', hash: v11.hash });
    expect(after.steps).toEqual([
      expect.objectContaining({
        stepId: 'completeness-check',
        assignee: 'carla',
        enteredAt: before.steps[0]?.enteredAt,
        slaDueAt: before.steps[0]?.slaDueAt,
      }),
    ]);
    const row = await getCase(world.db, handle.workflowId);
    expect(row).toMatchObject({ definitionVersion: '1.1.0', definitionHash: v11.hash });
    const audit = await listAuditEntries(world.db, handle.workflowId);
    const migrated = audit.find((entry) => entry.eventType === 'case-migrated');
    expect(migrated).toMatchObject({
      actor: { id: 'pm-1', kind: 'staff' },
      details: { detail: { fromVersion: '1.0.1', toVersion: '1.1.0' } },
      source: { channel: 'web' },
    });
    expect(audit.filter((entry) => entry.eventType === 'task-claimed')).toHaveLength(1);

    const act = randomUUID();
    await handle.signal(staffActionSignal, {
      eventId: act,
      actor: clerk,
      step: 'completeness-check',
      action: 'no-permit-required',
      comment: 'Fences up to 7 ft are exempt.',
    });
    expect((await waitForEventOutcome(handle, act)).status).toBe('accepted');
    expect((await waitUntilSettled(handle)).lifecycle).toBe('closed');

    // The migrated case's history replays against the same workflow code.
    const history = await handle.fetchHistory();
    await expect(
      Worker.runReplayHistory({ workflowBundle: await caseBundle() }, history, handle.workflowId),
    ).resolves.toBeUndefined();
  }, 120_000);

  it('leaves a case on a step the new version does not map where it is, and says why', async () => {
    const handle = await openClaimedCase();
    const result = await migrate(handle, v12);
    expect(result).toMatchObject({ status: 'refused', code: 'STEP_NOT_MAPPED', unmapped: [{ step: 'intake-review' }] });
    const after = await handle.query(caseSummaryQuery);
    expect(after.definition.version).toBe('1.0.1');
    expect(after.steps[0]?.stepId).toBe('intake-review');
    const audit = await listAuditEntries(world.db, handle.workflowId);
    expect(audit.some((entry) => entry.eventType === 'case-migrated')).toBe(false);
  }, 120_000);
});
