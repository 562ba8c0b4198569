/**
 * "Why this date" for the statutory clock, from audit entries shaped as the workflow writes them.
 * Expected dates are worked out by hand from the City of Los Angeles calendar (Mon–Fri 08:00–17:00
 * America/Los_Angeles; Friday 3 July 2026 is the observed Independence Day).
 */
import path from 'node:path';
import type { AuditActor } from '../../domain/audit';
import type { CompiledDefinition } from '../../domain/definition';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { clockHistoryFromAudit, explainStatutoryClock, type ClockFacts } from './statutory-clock-explanation';

function shipped(id: string): CompiledDefinition {
  const result = loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`));
  if (!result.compiled) throw new Error(`${id} does not compile`);
  return result.compiled;
}
const permit = shipped('building-permit');
const benefit = shipped('benefit-application');
const at = (text: string) => new Date(text);
const utc = (text: string) => at(text).toISOString();
const system: AuditActor = { id: 'workflow', kind: 'system' };
const supervisor: AuditActor = { id: 'user-supervisor', kind: 'staff' };
const entry = (
  eventType: string,
  occurredAt: string,
  details: Record<string, unknown>,
  actor: AuditActor = system,
) => ({ eventType, occurredAt: at(occurredAt), actor, details: details as never });

const STARTED = '2026-07-01T09:00:00-07:00';
// 30 working days after Wednesday 1 July: Thu 2, (Fri 3 off), 6–10 July … ends Thursday 13 August 17:00.
const BASE_DUE = '2026-08-13T17:00:00-07:00';
const PAUSED_MS = 2 * 9 * 3_600_000; // Monday 6 and Tuesday 7 July, 08:00–17:00
const AFTER_PAUSE = '2026-08-17T17:00:00-07:00';
const EXTENDED = '2026-08-31T17:00:00-07:00';

const permitEntries = [
  entry('clock-started', STARTED, { detail: { limit: '30 working days', dueAt: utc(BASE_DUE) } }),
  entry(
    'clock-paused',
    '2026-07-06T08:00:00-07:00',
    { reason: 'awaiting-applicant', detail: { dueAt: utc(BASE_DUE) } },
    supervisor,
  ),
  entry(
    'clock-resumed',
    '2026-07-08T08:00:00-07:00',
    { reason: 'awaiting-applicant', detail: { pausedMs: PAUSED_MS, dueAt: utc(AFTER_PAUSE) } },
    supervisor,
  ),
  entry(
    'clock-extended',
    '2026-08-10T10:00:00-07:00',
    { reason: 'complex-project', detail: { by: '10 working days', from: utc(AFTER_PAUSE), dueAt: utc(EXTENDED) } },
    supervisor,
  ),
];

const permitFacts = (over: Partial<ClockFacts> = {}): ClockFacts => ({
  definition: permit.statutoryClock!,
  calendar: permit.calendars['la-city'],
  history: clockHistoryFromAudit(permitEntries),
  dueAt: at(EXTENDED),
  paused: false,
  closedAt: null,
  ...over,
});

describe('clockHistoryFromAudit', () => {
  it('pairs pauses with their resumption and keeps who extended and why, whatever order the entries arrive in', () => {
    const history = clockHistoryFromAudit([...permitEntries].reverse());
    expect(history.startedAt).toBe(utc(STARTED));
    expect(history.limit).toBe('30 working days');
    expect(history.pauses).toEqual([
      {
        reason: 'awaiting-applicant',
        from: utc('2026-07-06T08:00:00-07:00'),
        to: utc('2026-07-08T08:00:00-07:00'),
        by: 'user-supervisor',
        pausedMs: PAUSED_MS,
      },
    ]);
    expect(history.extensions).toEqual([
      {
        by: '10 working days',
        reason: 'complex-project',
        at: utc('2026-08-10T10:00:00-07:00'),
        actor: 'user-supervisor',
        dueBefore: utc(AFTER_PAUSE),
        dueAfter: utc(EXTENDED),
      },
    ]);
  });

  it('follows a limit switched by a variant', () => {
    const history = clockHistoryFromAudit([
      entry('clock-started', STARTED, {
        detail: { limit: '60 working days', dueAt: utc('2026-09-25T17:00:00-07:00') },
      }),
      entry('clock-recomputed', '2026-07-02T10:00:00-07:00', {
        detail: {
          from: { limit: '60 working days', dueAt: utc('2026-09-25T17:00:00-07:00') },
          limit: '30 working days',
          dueAt: utc(BASE_DUE),
        },
      }),
    ]);
    expect(history.limit).toBe('30 working days');
    expect(history.limitChanges).toEqual([
      { at: utc('2026-07-02T10:00:00-07:00'), from: '60 working days', to: '30 working days', dueAfter: utc(BASE_DUE) },
    ]);
  });
});

describe('explainStatutoryClock', () => {
  it('explains the date: the limit, the holiday, the pause and the extension', () => {
    const panel = explainStatutoryClock(permitFacts(), at('2026-08-24T10:00:00-07:00'));
    expect(panel).toMatchObject({
      state: 'running',
      startedAt: utc(STARTED),
      limit: '30 working days',
      dueAt: utc(EXTENDED),
      pausedSince: null,
      pauseReason: null,
      overdue: false,
    });
    // Tue 25 … Fri 28 and Mon 31 August.
    expect(panel.workingDaysLeft).toBe(5);
    expect(panel.why.calendar).toMatchObject({ id: 'la-city', timeZone: 'America/Los_Angeles' });
    expect(panel.why.calendar!.businessHours.monday).toEqual([{ start: '08:00', end: '17:00' }]);
    expect(panel.why.reasons).toEqual([
      { kind: 'limit', limit: '30 working days', basis: 'working', startedAt: utc(STARTED), endsAt: utc(BASE_DUE) },
      { kind: 'day-off', date: '2026-07-03', name: 'Independence Day', dayOff: 'holiday' },
      {
        kind: 'pause',
        reason: 'awaiting-applicant',
        label: 'Waiting for information from the applicant',
        from: utc('2026-07-06T08:00:00-07:00'),
        to: utc('2026-07-08T08:00:00-07:00'),
        by: 'user-supervisor',
        pausedMs: PAUSED_MS,
      },
      {
        kind: 'extension',
        by: '10 working days',
        reason: 'complex-project',
        at: utc('2026-08-10T10:00:00-07:00'),
        actor: 'user-supervisor',
      },
    ]);
  });

  it('counts working days left from the day it was paused while it is paused, and says why', () => {
    const entries = [
      ...permitEntries,
      entry(
        'clock-paused',
        '2026-08-24T10:00:00-07:00',
        { reason: 'awaiting-payment', detail: { dueAt: utc(EXTENDED) } },
        supervisor,
      ),
    ];
    const panel = explainStatutoryClock(
      permitFacts({ history: clockHistoryFromAudit(entries), paused: true }),
      at('2026-09-30T10:00:00-07:00'),
    );
    expect(panel.state).toBe('paused');
    expect(panel.pausedSince).toBe(utc('2026-08-24T10:00:00-07:00'));
    expect(panel.pauseReason).toEqual({ id: 'awaiting-payment', label: 'Waiting for the applicant to pay the fees' });
    expect(panel.workingDaysLeft).toBe(5);
    expect(panel.overdue).toBe(false);
    expect(panel.why.reasons.filter((r) => r.kind === 'pause').map((r) => r.kind === 'pause' && r.to)).toEqual([
      utc('2026-07-08T08:00:00-07:00'),
      null,
    ]);
  });

  it('counts working days overdue as a negative number, and zero on the due day', () => {
    expect(explainStatutoryClock(permitFacts(), at('2026-09-02T10:00:00-07:00'))).toMatchObject({
      workingDaysLeft: -2,
      overdue: true,
    });
    expect(explainStatutoryClock(permitFacts(), at('2026-08-31T09:00:00-07:00'))).toMatchObject({
      workingDaysLeft: 0,
      overdue: false,
    });
  });

  it('stops with the case and is not started before its step', () => {
    const stopped = explainStatutoryClock(
      permitFacts({ closedAt: at('2026-08-20T12:00:00-07:00') }),
      at('2026-12-01T10:00:00-07:00'),
    );
    expect(stopped).toMatchObject({ state: 'stopped', workingDaysLeft: null, overdue: false });
    const waiting = explainStatutoryClock(
      permitFacts({ history: clockHistoryFromAudit([]), dueAt: null }),
      at('2026-07-01T10:00:00-07:00'),
    );
    expect(waiting).toMatchObject({
      state: 'not-started',
      startedAt: null,
      dueAt: null,
      workingDaysLeft: null,
      overdue: false,
    });
    expect(waiting.why.reasons).toEqual([]);
  });

  it('lists no days off for an elapsed-time limit: thirty days run through holidays', () => {
    const started = '2026-06-20T09:00:00-07:00';
    const calendarId = benefit.statutoryClock!.calendar!;
    const panel = explainStatutoryClock(
      {
        definition: benefit.statutoryClock!,
        calendar: benefit.calendars[calendarId],
        history: clockHistoryFromAudit([
          entry('clock-started', started, { detail: { limit: 'P30D', dueAt: utc('2026-07-20T09:00:00-07:00') } }),
        ]),
        dueAt: at('2026-07-20T09:00:00-07:00'),
        paused: false,
        closedAt: null,
      },
      at('2026-07-01T09:00:00-07:00'),
    );
    expect(panel.why.reasons).toEqual([
      {
        kind: 'limit',
        limit: 'P30D',
        basis: 'calendar',
        startedAt: utc(started),
        endsAt: utc('2026-07-20T09:00:00-07:00'),
      },
    ]);
  });
});
