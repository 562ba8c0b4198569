/**
 * The pure migration of a running case to a newer definition version (interpreter/migrate-case.ts):
 * what moves, what carries over, and every refusal.
 */
import type { CompiledDefinition } from '../../domain/definition';
import { applyCaseEvent, migrateCase, startCase, type CaseState } from '../../interpreter';
import {
  BUILDING_PERMIT_SOURCE,
  compileBuildingPermit,
  renamedBuildingPermit,
} from '../support/building-permit-versions';
import { accepted, at, frozen, staff } from './support';

const v1 = compileBuildingPermit(BUILDING_PERMIT_SOURCE);
const v11 = compileBuildingPermit(renamedBuildingPermit('1.1.0', true));
const v12 = compileBuildingPermit(renamedBuildingPermit('1.2.0', false));
const START = at('2026-03-02T09:00:00-08:00');
const clerk = staff('carla', ['permit-clerk']);
const data = {
  applicantName: 'Nina Fence',
  applicantEmail: 'nina@example.org',
  propertyAddress: '704 E 43rd Pl, Los Angeles 90011',
  workType: 'alteration',
  projectDescription: 'Replace a fence',
};

function claimed(): CaseState {
  const started = accepted(startCase(v1, { caseId: 'bp-1', data }, START));
  return accepted(applyCaseEvent(v1, started, { type: 'claim', actor: clerk, step: 'intake-review' }, START + 60_000));
}

describe('migrating a running case', () => {
  it('moves a mapped step and keeps its token, assignee, SLA, deadlines, clock and data', () => {
    const before = frozen(claimed());
    const result = migrateCase(before, v11, START + 120_000, { id: 'pm' });
    if (result.outcome !== 'migrated') throw new Error(result.reason);
    const after = result.state;
    expect(after.definition).toEqual({ id: 'building-permit', version: '1.1.0', hash: v11.hash });
    expect(result.moves).toEqual([{ token: before.active[0].token, from: 'intake-review', to: 'completeness-check' }]);
    expect(after.active[0]).toEqual({ ...before.active[0], stepId: 'completeness-check' });
    expect(after.active[0].assignee).toBe('carla');
    expect(after.deadlines).toEqual(before.deadlines);
    expect(after.clock).toEqual(before.clock);
    expect(after.data).toEqual(before.data);
    expect(after.sequence).toBe(before.sequence + 1);
    const audit = result.commands.filter((c) => c.type === 'audit');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entry: { type: 'case-migrated', actor: 'pm', detail: { fromVersion: '1.0.1', toVersion: '1.1.0' } },
    });
  });

  it('lets the migrated case continue on the new definition', () => {
    const result = migrateCase(claimed(), v11, START + 120_000);
    if (result.outcome !== 'migrated') throw new Error(result.reason);
    const next = applyCaseEvent(
      v11,
      result.state,
      {
        type: 'staff-action',
        actor: clerk,
        step: 'completeness-check',
        action: 'no-permit-required',
        comment: 'Exempt fence',
      },
      START + 180_000,
    );
    expect(next.outcome).toBe('accepted');
    expect(next.state.lifecycle).toBe('closed');
  });

  it('refuses a case waiting on a step the new version neither has nor maps, and says which', () => {
    const result = migrateCase(claimed(), v12, START + 120_000);
    expect(result).toMatchObject({
      outcome: 'refused',
      code: 'STEP_NOT_MAPPED',
      unmapped: [{ step: 'intake-review' }],
    });
    if (result.outcome === 'refused') expect(result.unmapped[0].reason).toMatch(/not in 1\.2\.0/);
  });

  it('refuses closed cases, the same version and another process', () => {
    const open = claimed();
    const closed = accepted(
      applyCaseEvent(
        v1,
        open,
        { type: 'staff-action', actor: clerk, step: 'intake-review', action: 'no-permit-required', comment: 'Exempt' },
        START + 90_000,
      ),
    );
    expect(migrateCase(closed, v11, START + 120_000)).toMatchObject({ outcome: 'refused', code: 'CASE_CLOSED' });
    expect(migrateCase(open, v1, START + 120_000)).toMatchObject({ outcome: 'refused', code: 'SAME_VERSION' });
    expect(migrateCase(open, { ...v11, id: 'service-complaint' }, START + 120_000)).toMatchObject({
      outcome: 'refused',
      code: 'OTHER_PROCESS',
    });
  });

  it('refuses a mapping onto a step of another type', () => {
    const toWait = { ...v11, migrations: [{ from: '1.0.1', steps: { 'intake-review': 'awaiting-applicant' } }] };
    const result = migrateCase(claimed(), toWait, START + 120_000);
    expect(result).toMatchObject({
      outcome: 'refused',
      code: 'STEP_NOT_MAPPED',
      unmapped: [{ step: 'intake-review' }],
    });
    if (result.outcome === 'refused') expect(result.unmapped[0].reason).toMatch(/wait step/);
  });

  it('unassigns a task whose role changed', () => {
    const roleChanged: CompiledDefinition = {
      ...v11,
      steps: {
        ...v11.steps,
        'completeness-check': {
          ...(v11.steps['completeness-check'] as Extract<CompiledDefinition['steps'][string], { type: 'human' }>),
          role: 'plan-check-supervisor',
        },
      },
    };
    const result = migrateCase(claimed(), roleChanged, START + 120_000);
    if (result.outcome !== 'migrated') throw new Error(result.reason);
    expect(result.state.active[0]).toMatchObject({ role: 'plan-check-supervisor' });
    expect(result.state.active[0].assignee).toBeUndefined();
  });
});
