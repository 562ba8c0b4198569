import path from 'node:path';
import type { CaseView } from '../../api/services/case-view';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { localInstant } from '../present';
import { workListRow } from './work-list-rows';

const permit = loadDefinitionFileSync(
  path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml'),
).compiled!;
const ZONE = 'America/Los_Angeles';

function view(overrides: Partial<CaseView>): CaseView {
  return {
    id: 'c1',
    trackingNumber: 'SR-1',
    definition: { id: permit.id, version: permit.version, hash: permit.hash },
    title: null,
    status: 'open',
    residentStatus: 'submitted',
    priority: 'normal',
    departmentId: 'building-safety',
    assigneeId: null,
    currentSteps: [{ stepId: 'intake-review', title: 'Completeness check', kind: 'human' }],
    slaDueAt: null,
    statutoryDueAt: null,
    statutoryClockPaused: false,
    escalationLevel: 0,
    overdue: false,
    data: {},
    maskedFields: [],
    residentContact: null,
    outcome: null,
    channel: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    closedAt: null,
    ...overrides,
  };
}

describe('a work-list row', () => {
  it('words the step SLA in the agency time and names the task a bulk action takes', () => {
    const now = new Date(localInstant(2026, 12, 3, 12, 0, ZONE));
    const due = new Date(localInstant(2026, 12, 3, 14, 0, ZONE));
    const row = workListRow(
      view({
        slaDueAt: due.toISOString(),
        escalationLevel: 1,
        currentSteps: [
          {
            stepId: 'intake-review',
            title: 'Completeness check',
            kind: 'human',
            enteredAt: new Date(localInstant(2026, 12, 1, 9, 0, ZONE)).toISOString(),
          },
        ],
      }),
      permit,
      now,
    );
    expect(row).toMatchObject({
      service: 'Building permit',
      steps: 'Completeness check',
      taskStep: 'intake-review',
      escalationLevel: 1,
    });
    expect(row.sla?.text).toMatch(/^(warning: due in 2 h|due today 14:00 — 2 h left)$/);
    expect(row.sla?.dueLabel).toBe('Thu 3 Dec 2026, 14:00');
  });

  it('says overdue in working time on the SLA calendar', () => {
    const due = new Date(localInstant(2026, 12, 3, 9, 0, ZONE));
    const now = new Date(localInstant(2026, 12, 3, 12, 0, ZONE));
    const row = workListRow(
      view({
        slaDueAt: due.toISOString(),
        currentSteps: [
          {
            stepId: 'intake-review',
            kind: 'human',
            enteredAt: new Date(localInstant(2026, 12, 1, 9, 0, ZONE)).toISOString(),
          },
        ],
      }),
      permit,
      now,
    );
    expect(row.sla).toMatchObject({ stage: 'breached', text: 'overdue 3 working hours' });
  });

  it('shows a paused clock with the reason of the step that paused it, and no task to claim', () => {
    const row = workListRow(
      view({
        statutoryClockPaused: true,
        statutoryDueAt: '2027-01-20T17:00:00.000Z',
        currentSteps: [
          { stepId: 'awaiting-applicant', title: "Waiting for the applicant's information", kind: 'wait' },
        ],
      }),
      permit,
      new Date('2026-12-03T20:00:00.000Z'),
    );
    expect(row.sla).toMatchObject({ stage: 'paused', text: 'paused: waiting for information from the applicant' });
    expect(row.taskStep).toBeNull();
  });

  it('has no deadline to show when none is set', () => {
    expect(workListRow(view({}), permit, new Date()).sla).toBeNull();
  });
});
