/**
 * The SLA panel against the shipped definitions. Expected instants are worked out by hand from the
 * City of Los Angeles calendar (Mon–Fri 08:00–17:00 America/Los_Angeles; Friday 3 July 2026 is the
 * observed Independence Day) and written with their UTC offsets, independent of the code under test.
 */
import path from 'node:path';
import type { AuditEntry } from '../../domain/audit';
import type { CompiledDefinition } from '../../domain/definition';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { NO_MILESTONES, slaMilestonesByToken, stepSlaPanel, stepSlaPanels } from './sla-panel';

function shipped(id: string): CompiledDefinition {
  const result = loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`));
  if (!result.compiled) throw new Error(`${id} does not compile`);
  return result.compiled;
}
const permit = shipped('building-permit');
const complaint = shipped('service-complaint');
const utc = (text: string) => new Date(text).toISOString();

const intake = {
  stepId: 'intake-review',
  title: 'Completeness check',
  kind: 'human',
  token: 't1',
  role: 'permit-clerk',
  department: 'building-safety',
  // Wednesday 1 July 2026 09:00 PDT; 5 working days: Thu 2, (Fri 3 holiday), Mon 6, Tue 7, Wed 8, Thu 9 → 17:00 PDT.
  enteredAt: utc('2026-07-01T09:00:00-07:00'),
  dueAt: utc('2026-07-09T17:00:00-07:00'),
};

describe('stepSlaPanel', () => {
  it('puts warning and escalations where the definition says, in working time across the holiday weekend', () => {
    const panel = stepSlaPanel(permit, intake, NO_MILESTONES, new Date('2026-07-02T12:00:00-07:00'));
    expect(panel).toMatchObject({
      stepId: 'intake-review',
      token: 't1',
      role: 'permit-clerk',
      departmentId: 'building-safety',
      assigneeId: null,
      enteredAt: intake.enteredAt,
    });
    const sla = panel.sla!;
    expect(sla.due).toBe('5 working days');
    expect(sla.basis).toBe('working');
    expect(sla.calendar).toEqual({
      id: 'la-city',
      title: 'City of Los Angeles business days',
      timeZone: 'America/Los_Angeles',
    });
    // 53 working hours in all (Wed 8 h + five 9 h days); 75 % = 39 h 45 min → Wed 8 July 12:45.
    expect(sla.warningAt).toBe(utc('2026-07-08T12:45:00-07:00'));
    expect(sla.dueAt).toBe(intake.dueAt);
    // 150 % = 79 h 30 min: 26 h 30 min after Thu 9 July 17:00 → Fri 10 (9), Mon 13 (9), Tue 14 08:00 + 8 h 30 → 16:30.
    expect(sla.escalations).toEqual([
      {
        level: 1,
        at: intake.dueAt,
        reached: false,
        notify: ['assignee', 'supervisor'],
        reassignTo: null,
        raisePriority: null,
      },
      {
        level: 2,
        at: utc('2026-07-14T16:30:00-07:00'),
        reached: false,
        notify: [],
        reassignTo: 'plan-check-supervisor',
        raisePriority: 'high',
      },
    ]);
    expect(sla.nextEscalation?.level).toBe(1);
    expect(sla).toMatchObject({ warned: false, breached: false, overdue: false, escalationLevel: 0 });
  });

  it('shows the level reached and the next one from what the workflow recorded, and overdue at now', () => {
    const panel = stepSlaPanel(
      permit,
      intake,
      { warned: true, breached: true, escalationLevel: 1 },
      new Date('2026-07-10T09:00:00-07:00'),
    );
    expect(panel.sla).toMatchObject({ warned: true, breached: true, overdue: true, escalationLevel: 1 });
    expect(panel.sla!.escalations.map((e) => e.reached)).toEqual([true, false]);
    expect(panel.sla!.nextEscalation?.level).toBe(2);
    const all = stepSlaPanel(
      permit,
      intake,
      { warned: true, breached: true, escalationLevel: 2 },
      new Date('2026-07-20T09:00:00-07:00'),
    );
    expect(all.sla!.nextEscalation).toBeNull();
  });

  it('uses the variant that applied on entry, even when the data has changed since', () => {
    // Dead animal reported Saturday 4 July 10:00 PDT: PT24H elapsed time, whatever the calendar.
    const step = {
      stepId: 'sanitation-field-work',
      kind: 'human',
      token: 't3',
      enteredAt: utc('2026-07-04T10:00:00-07:00'),
      dueAt: utc('2026-07-05T10:00:00-07:00'),
    };
    const sla = stepSlaPanel(complaint, step, NO_MILESTONES, new Date('2026-07-04T12:00:00-07:00')).sla!;
    expect(sla.due).toBe('PT24H');
    expect(sla.basis).toBe('calendar');
    expect(sla.warningAt).toBe(utc('2026-07-05T04:00:00-07:00')); // 75 % of 24 h = 18 h
    expect(sla.escalations.map((e) => e.at)).toEqual([step.dueAt, utc('2026-07-05T22:00:00-07:00')]); // 100 %, 150 % = 36 h
  });

  it('has no SLA for steps without one or without a recorded due instant', () => {
    expect(
      stepSlaPanel(
        permit,
        { stepId: 'calculate-fees', kind: 'automated', token: 't2', enteredAt: intake.enteredAt },
        NO_MILESTONES,
        new Date(),
      ).sla,
    ).toBeNull();
    expect(
      stepSlaPanel(
        permit,
        { stepId: 'intake-review', kind: 'human', token: 't1', enteredAt: intake.enteredAt },
        NO_MILESTONES,
        new Date(),
      ).sla,
    ).toBeNull();
    expect(stepSlaPanel(permit, { stepId: 'no-such-step' }, NO_MILESTONES, new Date())).toMatchObject({
      stepId: 'no-such-step',
      title: 'no-such-step',
      sla: null,
    });
  });
});

describe('slaMilestonesByToken', () => {
  it('keeps warnings, breaches and the highest escalation level per step visit', () => {
    const entries: Pick<AuditEntry, 'eventType' | 'details'>[] = [
      { eventType: 'sla-warning', details: { step: 'intake-review', token: 't1' } },
      { eventType: 'sla-escalated', details: { step: 'intake-review', token: 't1', level: 2 } },
      { eventType: 'sla-escalated', details: { step: 'intake-review', token: 't1', level: 1 } },
      { eventType: 'sla-breached', details: { step: 'intake-review', token: 't1' } },
      { eventType: 'sla-warning', details: { step: 'intake-review', token: 't7' } },
      { eventType: 'step-entered', details: { step: 'intake-review', token: 't9' } },
    ];
    const byToken = slaMilestonesByToken(entries);
    expect(byToken.get('t1')).toEqual({ warned: true, breached: true, escalationLevel: 2 });
    expect(byToken.get('t7')).toEqual({ warned: true, breached: false, escalationLevel: 0 });
    expect(byToken.has('t9')).toBe(false);
    const [panel] = stepSlaPanels(permit, [intake], entries, new Date('2026-07-02T12:00:00-07:00'));
    expect(panel.sla!.escalationLevel).toBe(2);
  });
});
