import { atRiskRows, sortByLateness, type AtRiskCase } from './at-risk-rows';
import type { StepSlaPanel } from './sla-panel';

const record: AtRiskCase = {
  id: 'c1',
  trackingNumber: 'CF-1',
  title: null,
  definitionId: 'svc',
  definitionVersion: '1.0.0',
  departmentId: 'd',
  statutoryDueAt: null,
  statutoryClockPaused: false,
};
const now = new Date('2026-03-10T12:00:00Z');

function panel(sla: Partial<NonNullable<StepSlaPanel['sla']>> | null, kind = 'human'): StepSlaPanel {
  return {
    stepId: 'triage',
    title: 'Triage',
    kind,
    token: 't1',
    role: 'agent',
    departmentId: 'd',
    assigneeId: null,
    enteredAt: '2026-03-09T12:00:00Z',
    sla:
      sla === null
        ? null
        : {
            due: '1 day',
            basis: 'calendar',
            calendar: null,
            warningAt: '2026-03-10T06:00:00Z',
            dueAt: '2026-03-10T12:00:00Z',
            warned: false,
            breached: false,
            overdue: false,
            escalationLevel: 0,
            nextEscalation: null,
            escalations: [],
            ...sla,
          },
  };
}

describe('atRiskRows', () => {
  it('leaves out steps neither warned nor past due, and steps without an SLA', () => {
    expect(atRiskRows(record, [panel({ dueAt: '2026-03-11T00:00:00Z' }), panel(null)], now)).toEqual([]);
  });

  it('names the warning threshold of a warned step, due in the future (negative lateness)', () => {
    const [row] = atRiskRows(record, [panel({ warned: true, dueAt: '2026-03-10T14:00:00Z' })], now);
    expect(row).toMatchObject({
      stage: 'warning',
      stepId: 'triage',
      taskRole: 'agent',
      thresholdAt: '2026-03-10T06:00:00Z',
      lateSeconds: -7200,
    });
  });

  it('names the due threshold and level of an overdue step, and the wait step has no task to reassign', () => {
    const [row] = atRiskRows(
      record,
      [
        panel(
          {
            warned: true,
            dueAt: '2026-03-10T11:00:00Z',
            escalationLevel: 2,
            nextEscalation: {
              level: 3,
              at: '2026-03-11T00:00:00.000Z',
              reached: false,
              notify: [],
              reassignTo: null,
              raisePriority: null,
            },
          },
          'wait',
        ),
      ],
      now,
    );
    expect(row).toMatchObject({
      stage: 'overdue',
      thresholdAt: '2026-03-10T11:00:00Z',
      escalationLevel: 2,
      nextEscalationAt: '2026-03-11T00:00:00.000Z',
      lateSeconds: 3600,
      taskRole: null,
    });
  });

  it('gives a passed statutory date its own row when no step is late', () => {
    const [row] = atRiskRows(
      { ...record, statutoryDueAt: new Date('2026-03-09T12:00:00Z'), statutoryClockPaused: true },
      [],
      now,
    );
    expect(row).toMatchObject({
      stage: 'statutory-overdue',
      stepId: null,
      lateSeconds: 86400,
      statutoryClockPaused: true,
    });
  });

  it('sorts the most late first', () => {
    const late = atRiskRows(
      { ...record, id: 'late', trackingNumber: 'CF-2' },
      [panel({ dueAt: '2026-03-09T00:00:00Z' })],
      now,
    );
    const soon = atRiskRows(record, [panel({ warned: true, dueAt: '2026-03-10T13:00:00Z' })], now);
    expect(sortByLateness([...soon, ...late]).map((r) => r.caseId)).toEqual(['late', 'c1']);
  });
});
