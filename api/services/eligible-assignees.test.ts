/** The assignee picker's rule is the interpreter's: role, department of the task, separation of duties, active. */
import path from 'node:path';
import type { CompiledDefinition, CompiledHumanStep } from '../../domain/definition';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { completionsFromAudit, eligibleAssignees, type StaffMember } from './eligible-assignees';

const result = loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml'));
const permit = result.compiled as CompiledDefinition;
const decision = permit.steps.decision as CompiledHumanStep;
const intake = permit.steps['intake-review'] as CompiledHumanStep;

const staff: StaffMember[] = [
  {
    id: 'ana',
    displayName: 'Ana (plan check supervisor)',
    roles: ['supervisor', 'plan-check-supervisor'],
    departmentId: 'building-safety',
    active: true,
  },
  {
    id: 'ben',
    displayName: 'Ben (plan check supervisor, left)',
    roles: ['supervisor', 'plan-check-supervisor'],
    departmentId: 'building-safety',
    active: false,
  },
  {
    id: 'cai',
    displayName: 'Cai (supervisor in fire)',
    roles: ['supervisor', 'plan-check-supervisor'],
    departmentId: 'fire',
    active: true,
  },
  {
    id: 'dee',
    displayName: 'Dee (clerk)',
    roles: ['staff', 'permit-clerk'],
    departmentId: 'building-safety',
    active: true,
  },
  {
    id: 'eli',
    displayName: 'Eli (both roles)',
    roles: ['supervisor', 'plan-check-supervisor', 'permit-clerk'],
    departmentId: 'building-safety',
    active: true,
  },
  { id: 'fay', displayName: 'Fay (no department)', roles: ['plan-check-supervisor'], departmentId: null, active: true },
];

describe('eligibleAssignees', () => {
  it('lists active staff holding the task role in its department (a role alone counts for its own department)', () => {
    const task = {
      stepId: 'decision',
      token: 't9',
      role: 'plan-check-supervisor',
      departmentId: 'building-safety',
      assigneeId: 'eli',
    };
    expect(eligibleAssignees(permit, decision, task, staff, {})).toEqual([
      { id: 'ana', displayName: 'Ana (plan check supervisor)', departmentId: 'building-safety', current: false },
      { id: 'eli', displayName: 'Eli (both roles)', departmentId: 'building-safety', current: true },
      { id: 'fay', displayName: 'Fay (no department)', departmentId: null, current: false },
    ]);
  });

  it('leaves out whoever completed a step the task must not share an actor with', () => {
    const completions = completionsFromAudit([
      { eventType: 'step-completed', actor: { id: 'ana', kind: 'staff' }, details: { step: 'intake-review' } },
      {
        eventType: 'action-taken',
        actor: { id: 'ana', kind: 'staff' },
        details: { step: 'intake-review', action: 'request-information' },
      },
      {
        eventType: 'action-taken',
        actor: { id: 'eli', kind: 'staff' },
        details: { step: 'intake-review', action: 'accept-complete' },
      },
    ]);
    expect(completions['intake-review']?.by).toBe('eli'); // the last completion counts, as in the workflow
    const task = {
      stepId: 'decision',
      token: 't9',
      role: 'plan-check-supervisor',
      departmentId: 'building-safety',
      assigneeId: null,
    };
    expect(eligibleAssignees(permit, decision, task, staff, completions).map((a) => a.id)).toEqual(['ana', 'fay']);
  });

  it('follows the task where an escalation moved it (role and department as the read model has them now)', () => {
    const moved = {
      stepId: 'intake-review',
      token: 't1',
      role: 'plan-check-supervisor',
      departmentId: 'fire',
      assigneeId: null,
    };
    expect(eligibleAssignees(permit, intake, moved, staff, {}).map((a) => a.id)).toEqual(['cai']);
  });
});
