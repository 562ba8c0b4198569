import path from 'node:path';
import type { Calendar } from '../../domain/calendar';
import { loadDefinitionFileSync, requireCompiled } from '../../process-definitions/loader/load-definition';
import { describeDeadline, localInstant, relativeTime, timelineTime } from './index';

const LA = 'America/Los_Angeles';
const laCity: Calendar = requireCompiled(
  loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml')),
).calendars['la-city'];
const at = (y: number, mo: number, d: number, h: number, mi = 0) => localInstant(y, mo, d, h, mi, LA);

describe('describeDeadline (LA City calendar, 08:00–17:00 Mon–Fri)', () => {
  it('on track: today with time left, tomorrow with a time, later with a day', () => {
    expect(describeDeadline({ dueAt: at(2026, 12, 4, 14), calendar: laCity }, at(2026, 12, 4, 12))).toMatchObject({
      stage: 'on-track',
      text: 'due today 14:00 — 2 h left',
      dueLabel: 'Fri 4 Dec 2026, 14:00',
    });
    expect(describeDeadline({ dueAt: at(2026, 12, 4, 14), calendar: laCity }, at(2026, 12, 4, 11, 45)).text).toBe(
      'due today 14:00 — 2 h 15 min left',
    );
    expect(describeDeadline({ dueAt: at(2026, 12, 4, 9, 30), calendar: laCity }, at(2026, 12, 3, 10)).text).toBe(
      'due tomorrow 09:30',
    );
    expect(describeDeadline({ dueAt: at(2026, 12, 7, 17), calendar: laCity }, at(2026, 12, 4, 12)).text).toBe(
      'due Mon 7 Dec',
    );
    expect(describeDeadline({ dueAt: at(2027, 1, 5, 17), calendar: laCity }, at(2026, 12, 4, 12)).text).toBe(
      'due Tue 5 Jan 2027',
    );
  });

  it('warning once the warning instant has passed', () => {
    const sla = { dueAt: at(2026, 12, 4, 14), warningAt: at(2026, 12, 4, 13), calendar: laCity };
    expect(describeDeadline(sla, at(2026, 12, 4, 12, 59)).stage).toBe('on-track');
    expect(describeDeadline(sla, at(2026, 12, 4, 13, 15))).toMatchObject({
      stage: 'warning',
      text: 'warning: due in 45 min',
    });
    expect(describeDeadline({ ...sla, dueAt: at(2026, 12, 7, 9, 30) }, at(2026, 12, 4, 13, 15)).text).toBe(
      'warning: due Mon 7 Dec',
    );
  });

  it('overdue in working hours, not counting the weekend', () => {
    const sla = { dueAt: at(2026, 12, 4, 14), calendar: laCity };
    expect(describeDeadline(sla, at(2026, 12, 4, 17, 30))).toMatchObject({
      stage: 'breached',
      text: 'overdue 3 working hours',
    });
    expect(describeDeadline(sla, at(2026, 12, 6, 12)).text).toBe('overdue 3 working hours');
    expect(describeDeadline(sla, at(2026, 12, 7, 11)).text).toBe('overdue 6 working hours');
    expect(describeDeadline(sla, at(2026, 12, 4, 14, 20)).text).toBe('overdue 20 working min');
    expect(describeDeadline({ dueAt: at(2026, 12, 4, 17), calendar: laCity }, at(2026, 12, 5, 10)).text).toBe(
      'overdue since Fri 4 Dec 17:00',
    );
  });

  it('overdue in whole working days, skipping Christmas Day (Fri 25 Dec 2026)', () => {
    const sla = { dueAt: at(2026, 12, 23, 17), calendar: laCity };
    expect(describeDeadline(sla, at(2026, 12, 28, 9)).text).toBe('overdue 1 working day');
    expect(describeDeadline(sla, at(2026, 12, 29, 9)).text).toBe('overdue 2 working days');
    expect(describeDeadline(sla, at(2026, 12, 29, 18)).text).toBe('overdue 3 working days');
  });

  it('across the DST changes in Los Angeles', () => {
    // Spring forward on Sun 8 Mar 2026: 1 h on Friday + 2 h on Monday.
    expect(describeDeadline({ dueAt: at(2026, 3, 6, 16), calendar: laCity }, at(2026, 3, 9, 10)).text).toBe(
      'overdue 3 working hours',
    );
    // Calendar time (no business calendar): Saturday noon to Sunday noon is 23 hours that weekend.
    expect(describeDeadline({ dueAt: at(2026, 3, 7, 12), timeZone: LA }, at(2026, 3, 8, 12)).text).toBe(
      'overdue 23 hours',
    );
    // Fall back on Sun 1 Nov 2026: the due time is read on the winter clock.
    const due = at(2026, 11, 2, 9);
    expect(new Date(due).toISOString()).toBe('2026-11-02T17:00:00.000Z');
    expect(describeDeadline({ dueAt: due, calendar: laCity }, at(2026, 11, 2, 8)).text).toBe(
      'due today 09:00 — 1 h left',
    );
    expect(describeDeadline({ dueAt: due, calendar: laCity }, at(2026, 10, 30, 16)).text).toBe('due Mon 2 Nov');
  });

  it('paused, and the share of allowed working time used', () => {
    const clock = { dueAt: at(2026, 12, 4, 17), startedAt: at(2026, 11, 30, 8), calendar: laCity };
    expect(
      describeDeadline({ ...clock, paused: { reason: 'Awaiting applicant' } }, at(2026, 12, 2, 12, 30)),
    ).toMatchObject({ stage: 'paused', text: 'paused: awaiting applicant', percentUsed: 50 });
    expect(describeDeadline(clock, at(2026, 12, 2, 12, 30)).percentUsed).toBe(50);
    // The weekend uses none of it; after the deadline it passes 100.
    expect(describeDeadline(clock, at(2026, 12, 5, 12)).percentUsed).toBe(100);
    expect(describeDeadline(clock, at(2026, 12, 7, 12, 30)).percentUsed).toBe(110);
    expect(
      describeDeadline(
        { dueAt: '2026-12-04T22:00:00Z', startedAt: new Date('2026-12-04T20:00:00Z'), timeZone: LA },
        '2026-12-04T21:00:00Z',
      ).percentUsed,
    ).toBe(50);
    expect(() => describeDeadline({ dueAt: 'not a date' }, 0)).toThrow(RangeError);
  });
});

describe('timeline times', () => {
  const now = at(2026, 12, 4, 12);
  it.each([
    [at(2026, 12, 4, 11, 59) + 30_000, 'just now'],
    [at(2026, 12, 4, 11, 48), '12 min ago'],
    [at(2026, 12, 4, 9), '3 h ago'],
    [at(2026, 12, 3, 14, 5), 'yesterday 14:05'],
    [at(2026, 11, 30, 8), 'Mon 08:00'],
    [at(2026, 11, 20, 8), '20 Nov'],
    [at(2025, 12, 1, 8), '1 Dec 2025'],
    [at(2026, 12, 4, 12, 20), 'in 20 min'],
    [at(2026, 12, 5, 9), 'tomorrow 09:00'],
  ])('%#: %s', (instant, expected) => {
    expect(relativeTime(instant, now, LA)).toBe(expected);
  });

  it('absolute and ISO forms, in the agency zone across the autumn change', () => {
    expect(timelineTime(at(2026, 12, 3, 14, 5), now, LA)).toEqual({
      relative: 'yesterday 14:05',
      absolute: 'Thu 3 Dec 2026, 14:05',
      iso: '2026-12-03T22:05:00.000Z',
    });
    // 01:30 happens twice on 1 Nov 2026; 09:30 UTC is the second (PST) one.
    expect(timelineTime(Date.parse('2026-11-01T09:30:00Z'), Date.parse('2026-11-01T12:00:00Z'), LA)).toMatchObject({
      absolute: 'Sun 1 Nov 2026, 01:30',
      relative: '2 h ago',
    });
  });
});
