import type { Calendar } from '../domain/calendar';
import { parseDuration } from '../domain/durations';
import { compileCalendar } from './business-calendar';
import { addDuration, shiftDue } from './durations';
import { CalendarError } from './errors';
import {
  HOUR_MS,
  MINUTE_MS,
  addWorkingDays,
  addWorkingTime,
  closeOfBusiness,
  holidayName,
  instantAtFraction,
  isWorkingDay,
  isWorkingTime,
  nextWorkingInstant,
  workingDaysBetween,
  workingTimeBetween,
} from './working-time';

/** Expected values are written with explicit UTC offsets, independent of the code under test. */
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

const weekdays = (intervals: { start: string; end: string }[]) => ({
  monday: intervals,
  tuesday: intervals,
  wednesday: intervals,
  thursday: intervals,
  friday: intervals,
});

const losAngeles: Calendar = {
  id: 'la-city',
  timeZone: 'America/Los_Angeles',
  businessHours: weekdays([
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ]),
  holidays: [
    { name: 'New Year', month: 1, day: 1, observed: 'nearest-weekday' },
    { name: 'Memorial Day', month: 5, weekday: 'monday', nth: -1 },
    { name: 'Independence Day', month: 7, day: 4, observed: 'nearest-weekday' },
    { name: 'Thanksgiving', month: 11, weekday: 'thursday', nth: 4 },
    { name: 'Christmas', month: 12, day: 25, observed: 'nearest-weekday' },
    { date: '2026-10-09', name: 'Furlough day' },
  ],
  exceptions: [
    { date: '2026-12-24', name: 'Christmas Eve', hours: [{ start: '08:00', end: '12:00' }] },
    { date: '2026-10-09', name: 'Open after all', hours: [{ start: '10:00', end: '11:00' }] },
  ],
};

const amsterdam: Calendar = {
  id: 'gemeente',
  timeZone: 'Europe/Amsterdam',
  businessHours: weekdays([{ start: '09:00', end: '17:00' }]),
  holidays: [
    { name: 'Koningsdag', month: 4, day: 27 },
    { name: 'Eerste Kerstdag', month: 12, day: 25 },
    { name: 'Tweede Kerstdag', month: 12, day: 26 },
    { name: 'Nieuwjaarsdag', month: 1, day: 1 },
  ],
};

const allDay = [{ start: '00:00', end: '24:00' }];
const always = (timeZone: string): Calendar => ({
  id: `always-${timeZone}`,
  timeZone,
  businessHours: { ...weekdays(allDay), saturday: allDay, sunday: allDay },
});
/** Works only in the small hours of Sundays: exactly where DST changes happen. */
const sundayNights = (timeZone: string): Calendar => ({
  id: `sunday-nights-${timeZone}`,
  timeZone,
  businessHours: { sunday: [{ start: '01:00', end: '05:00' }] },
});

describe('addWorkingTime', () => {
  it('counts only business hours, skipping lunch', () => {
    expect(iso(addWorkingTime(losAngeles, t('2026-03-02T11:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-03-02T14:00:00-08:00')),
    );
  });

  it('lands on close of business, not the next opening, when the time runs out exactly', () => {
    expect(iso(addWorkingTime(losAngeles, t('2026-03-02T08:00:00-08:00'), 8 * HOUR_MS))).toBe(
      iso(t('2026-03-02T17:00:00-08:00')),
    );
  });

  it('starts at the next opening when started before hours, at lunch, or on a weekend', () => {
    expect(iso(addWorkingTime(losAngeles, t('2026-03-02T06:30:00-08:00'), HOUR_MS))).toBe(
      iso(t('2026-03-02T09:00:00-08:00')),
    );
    expect(iso(addWorkingTime(losAngeles, t('2026-03-02T12:30:00-08:00'), HOUR_MS))).toBe(
      iso(t('2026-03-02T14:00:00-08:00')),
    );
    expect(iso(addWorkingTime(losAngeles, t('2026-02-28T10:00:00-08:00'), HOUR_MS))).toBe(
      iso(t('2026-03-02T09:00:00-08:00')),
    );
    expect(iso(addWorkingTime(losAngeles, t('2026-03-02T19:00:00-08:00'), 90 * MINUTE_MS))).toBe(
      iso(t('2026-03-03T09:30:00-08:00')),
    );
  });

  it('returns the start unchanged for a zero duration, even outside business hours', () => {
    const saturday = t('2026-02-28T10:00:00-08:00');
    expect(addWorkingTime(losAngeles, saturday, 0)).toBe(saturday);
    expect(addWorkingDays(losAngeles, saturday, 0)).toBe(saturday);
  });

  it('crosses the spring-forward weekend in Los Angeles (PST Friday, PDT Monday)', () => {
    expect(iso(addWorkingTime(losAngeles, t('2026-03-06T16:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-03-09T09:00:00-07:00')),
    );
  });

  it('crosses the fall-back weekend in Los Angeles (PDT Friday, PST Monday)', () => {
    expect(iso(addWorkingTime(losAngeles, t('2026-10-30T16:30:00-07:00'), HOUR_MS))).toBe(
      iso(t('2026-11-02T08:30:00-08:00')),
    );
  });

  it('counts a 24-hour day as 24 real hours over spring-forward (wall clock moves an hour)', () => {
    const cal = always('America/Los_Angeles');
    expect(iso(addWorkingTime(cal, t('2026-03-07T12:00:00-08:00'), 24 * HOUR_MS))).toBe(
      iso(t('2026-03-08T13:00:00-07:00')),
    );
    expect(iso(addWorkingTime(cal, t('2026-10-31T12:00:00-07:00'), 24 * HOUR_MS))).toBe(
      iso(t('2026-11-01T11:00:00-08:00')),
    );
  });

  it('measures business intervals that span a DST change in real time', () => {
    const la = sundayNights('America/Los_Angeles');
    // 01:00-05:00 on 8 March 2026 is three real hours (02:00 does not exist) …
    expect(workingTimeBetween(la, t('2026-03-08T00:00:00-08:00'), t('2026-03-08T12:00:00-07:00'))).toBe(3 * HOUR_MS);
    // … and on 1 November 2026 five real hours (01:00-02:00 happens twice).
    expect(workingTimeBetween(la, t('2026-11-01T00:00:00-07:00'), t('2026-11-01T12:00:00-08:00'))).toBe(5 * HOUR_MS);
    const nl = sundayNights('Europe/Amsterdam');
    expect(workingTimeBetween(nl, t('2026-03-29T00:00:00+01:00'), t('2026-03-29T12:00:00+02:00'))).toBe(3 * HOUR_MS);
    expect(workingTimeBetween(nl, t('2026-10-25T00:00:00+02:00'), t('2026-10-25T12:00:00+01:00'))).toBe(5 * HOUR_MS);
    // Adding across the gap: 2.5 hours from 01:00 PST ends at 04:30 PDT.
    expect(iso(addWorkingTime(la, t('2026-03-08T01:00:00-08:00'), 150 * MINUTE_MS))).toBe(
      iso(t('2026-03-08T04:30:00-07:00')),
    );
    // Adding across the overlap: 1.5 hours from 01:00 PDT ends at 01:30 PST.
    expect(iso(addWorkingTime(la, t('2026-11-01T01:00:00-07:00'), 90 * MINUTE_MS))).toBe(
      iso(t('2026-11-01T01:30:00-08:00')),
    );
  });

  it('crosses the Amsterdam DST weekends and holidays', () => {
    expect(iso(addWorkingTime(amsterdam, t('2026-03-27T16:00:00+01:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-03-30T10:00:00+02:00')),
    );
    expect(iso(addWorkingTime(amsterdam, t('2026-10-23T16:00:00+02:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-10-26T10:00:00+01:00')),
    );
    // Koningsdag 2026 is a Monday.
    expect(iso(addWorkingTime(amsterdam, t('2026-04-24T16:00:00+02:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-04-28T10:00:00+02:00')),
    );
  });

  it('skips Thanksgiving (fourth Thursday of November)', () => {
    expect(holidayName(losAngeles, '2026-11-26')).toBe('Thanksgiving');
    expect(iso(addWorkingTime(losAngeles, t('2026-11-25T16:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-11-27T09:00:00-08:00')),
    );
  });

  it('honours a half-day exception before Christmas', () => {
    // 24 Dec 2026 (Thu) closes at noon; 25 Dec (Fri) is Christmas.
    expect(iso(addWorkingTime(losAngeles, t('2026-12-24T11:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2026-12-28T09:00:00-08:00')),
    );
    expect(workingTimeBetween(losAngeles, t('2026-12-24T00:00:00-08:00'), t('2026-12-26T00:00:00-08:00'))).toBe(
      4 * HOUR_MS,
    );
  });

  it('lets an exception open a day that is otherwise a holiday', () => {
    expect(holidayName(losAngeles, '2026-10-09')).toBe('Furlough day');
    expect(isWorkingTime(losAngeles, t('2026-10-09T10:30:00-07:00'))).toBe(true);
    expect(isWorkingTime(losAngeles, t('2026-10-09T11:30:00-07:00'))).toBe(false);
  });

  it('crosses a year end with observed holidays (Christmas and New Year 2027 fall on Saturdays)', () => {
    expect(holidayName(losAngeles, '2027-12-24')).toBe('Christmas');
    // 1 January 2028 is a Saturday, observed on Friday 31 December 2027: a rule of the next year.
    expect(holidayName(losAngeles, '2027-12-31')).toBe('New Year');
    expect(iso(addWorkingTime(losAngeles, t('2027-12-23T16:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2027-12-27T09:00:00-08:00')),
    );
    expect(iso(addWorkingTime(losAngeles, t('2027-12-30T16:00:00-08:00'), 2 * HOUR_MS))).toBe(
      iso(t('2028-01-03T09:00:00-08:00')),
    );
  });

  it('rejects negative or non-finite durations', () => {
    expect(() => addWorkingTime(losAngeles, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingTime(losAngeles, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingDays(losAngeles, 0, 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('ends at close of business of the N-th working day after the start date', () => {
    // Received Monday 2 March 2026 at 10:00: day 1 is Tuesday, day 5 is Monday 9 March (PDT by then).
    expect(iso(addWorkingDays(losAngeles, t('2026-03-02T10:00:00-08:00'), 1))).toBe(
      iso(t('2026-03-03T17:00:00-08:00')),
    );
    expect(iso(addWorkingDays(losAngeles, t('2026-03-02T10:00:00-08:00'), 5))).toBe(
      iso(t('2026-03-09T17:00:00-07:00')),
    );
  });

  it('does not count the day of receipt even when received before opening or on a weekend', () => {
    expect(iso(addWorkingDays(losAngeles, t('2026-03-02T06:00:00-08:00'), 1))).toBe(
      iso(t('2026-03-03T17:00:00-08:00')),
    );
    expect(iso(addWorkingDays(losAngeles, t('2026-02-28T12:00:00-08:00'), 1))).toBe(
      iso(t('2026-03-02T17:00:00-08:00')),
    );
  });

  it('skips holidays across a year end', () => {
    // From Thu 23 Dec 2027: 27, 28, 29, 30 Dec, (31 Dec observed New Year), 3 Jan 2028.
    expect(iso(addWorkingDays(losAngeles, t('2027-12-23T10:00:00-08:00'), 3))).toBe(
      iso(t('2027-12-29T17:00:00-08:00')),
    );
    expect(iso(addWorkingDays(losAngeles, t('2027-12-23T10:00:00-08:00'), 5))).toBe(
      iso(t('2028-01-03T17:00:00-08:00')),
    );
    expect(workingDaysBetween(losAngeles, t('2027-12-23T10:00:00-08:00'), t('2028-01-03T09:00:00-08:00'))).toBe(5);
  });

  it('ends a half day at its own close', () => {
    expect(iso(addWorkingDays(losAngeles, t('2026-12-23T10:00:00-08:00'), 1))).toBe(
      iso(t('2026-12-24T12:00:00-08:00')),
    );
  });

  it('a 24/7 calendar day ends at local midnight, 23 real hours on spring-forward Sunday', () => {
    const cal = always('Europe/Amsterdam');
    const end = addWorkingDays(cal, t('2026-03-28T12:00:00+01:00'), 1);
    expect(iso(end)).toBe(iso(t('2026-03-30T00:00:00+02:00')));
    expect(workingTimeBetween(cal, t('2026-03-29T00:00:00+01:00'), end)).toBe(23 * HOUR_MS);
  });

  it('sixty working days in Amsterdam, skipping Koningsdag', () => {
    // 2 March 2026 (Mon) + 60 working days: 12 weeks of weekdays = 60, minus Koningsdag → one more.
    expect(iso(addWorkingDays(amsterdam, t('2026-03-02T10:00:00+01:00'), 60))).toBe(
      iso(t('2026-05-26T17:00:00+02:00')),
    );
  });
});

describe('queries', () => {
  it('isWorkingTime: start inclusive, end exclusive', () => {
    expect(isWorkingTime(losAngeles, t('2026-03-02T08:00:00-08:00'))).toBe(true);
    expect(isWorkingTime(losAngeles, t('2026-03-02T07:59:59-08:00'))).toBe(false);
    expect(isWorkingTime(losAngeles, t('2026-03-02T12:00:00-08:00'))).toBe(false);
    expect(isWorkingTime(losAngeles, t('2026-03-02T16:59:59-08:00'))).toBe(true);
    expect(isWorkingTime(losAngeles, t('2026-03-02T17:00:00-08:00'))).toBe(false);
  });

  it('closeOfBusiness', () => {
    expect(iso(closeOfBusiness(losAngeles, t('2026-03-02T09:00:00-08:00')))).toBe(iso(t('2026-03-02T17:00:00-08:00')));
    expect(iso(closeOfBusiness(losAngeles, t('2026-03-02T17:00:00-08:00')))).toBe(iso(t('2026-03-02T17:00:00-08:00')));
    expect(iso(closeOfBusiness(losAngeles, t('2026-03-02T18:00:00-08:00')))).toBe(iso(t('2026-03-03T17:00:00-08:00')));
    expect(iso(closeOfBusiness(losAngeles, t('2026-03-07T10:00:00-08:00')))).toBe(iso(t('2026-03-09T17:00:00-07:00')));
  });

  it('nextWorkingInstant', () => {
    const inside = t('2026-03-02T09:15:00-08:00');
    expect(nextWorkingInstant(losAngeles, inside)).toBe(inside);
    expect(iso(nextWorkingInstant(losAngeles, t('2026-03-02T12:15:00-08:00')))).toBe(
      iso(t('2026-03-02T13:00:00-08:00')),
    );
    expect(iso(nextWorkingInstant(losAngeles, t('2026-03-06T17:00:00-08:00')))).toBe(
      iso(t('2026-03-09T08:00:00-07:00')),
    );
    expect(iso(nextWorkingInstant(losAngeles, t('2026-05-23T09:00:00-07:00')))).toBe(
      iso(t('2026-05-26T08:00:00-07:00')),
    ); // Memorial Day
  });

  it('isWorkingDay and recurring rules', () => {
    expect(isWorkingDay(losAngeles, '2026-05-25')).toBe(false); // last Monday of May
    expect(isWorkingDay(losAngeles, '2026-05-18')).toBe(true);
    expect(isWorkingDay(losAngeles, '2026-07-03')).toBe(false); // 4 July 2026 is a Saturday
    expect(isWorkingDay(losAngeles, '2026-03-07')).toBe(false);
    const fifth: Calendar = {
      id: 'x',
      timeZone: 'UTC',
      businessHours: weekdays(allDay),
      holidays: [
        { month: 2, weekday: 'monday', nth: 5 },
        { month: 2, day: 29 },
      ],
    };
    expect(isWorkingDay(fifth, '2026-02-23')).toBe(true); // February 2026 has four Mondays
    expect(isWorkingDay(fifth, '2028-02-29')).toBe(false);
  });

  it('offsetDays: the day after Thanksgiving, in years when it is not the fourth Friday', () => {
    const cal: Calendar = {
      id: 'tg',
      timeZone: 'America/Los_Angeles',
      businessHours: weekdays(allDay),
      holidays: [{ name: 'Day after Thanksgiving', month: 11, weekday: 'thursday', nth: 4, offsetDays: 1 }],
    };
    expect(holidayName(cal, '2026-11-27')).toBe('Day after Thanksgiving');
    // 1 November 2030 is a Friday: the fourth Friday is the 22nd, Thanksgiving the 28th, the day after the 29th.
    expect(isWorkingDay(cal, '2030-11-22')).toBe(true);
    expect(isWorkingDay(cal, '2030-11-29')).toBe(false);
    expect(() =>
      isWorkingDay(
        { ...cal, id: 'tg2', holidays: [{ month: 11, weekday: 'thursday', nth: 4, offsetDays: 30 }] },
        '2030-11-29',
      ),
    ).toThrow(CalendarError);
  });

  it('workingTimeBetween is the inverse of addWorkingTime', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const cal of [losAngeles, amsterdam]) {
      for (let i = 0; i < 200; i++) {
        const from = t('2026-01-01T00:00:00Z') + (next() % (800 * 24 * 60)) * MINUTE_MS;
        const duration = (next() % (200 * 60)) * MINUTE_MS;
        const due = addWorkingTime(cal, from, duration);
        expect(workingTimeBetween(cal, from, due)).toBe(duration);
        expect(workingTimeBetween(cal, due, from)).toBe(0 - duration);
        if (duration > 0) expect(isWorkingTime(cal, due - 1)).toBe(true);
      }
    }
  });

  it('zones with DST at midnight (Santiago) or by half an hour (Lord Howe) keep the inverse property', () => {
    // Santiago: Saturday 5 Sep 2026 24:00 does not exist (clocks jump to Sunday 01:00): Sunday has 23 h.
    const santiago = always('America/Santiago');
    expect(workingTimeBetween(santiago, t('2026-09-05T00:00:00-04:00'), t('2026-09-07T00:00:00-03:00'))).toBe(
      47 * HOUR_MS,
    );
    expect(iso(addWorkingDays(santiago, t('2026-09-05T12:00:00-04:00'), 1))).toBe(iso(t('2026-09-07T00:00:00-03:00')));
    // Lord Howe Island moves its clocks by half an hour: Sunday 4 October 2026 has 23.5 hours.
    const lordHowe = always('Australia/Lord_Howe');
    expect(workingTimeBetween(lordHowe, t('2026-10-04T00:00:00+10:30'), t('2026-10-05T00:00:00+11:00'))).toBe(
      23.5 * HOUR_MS,
    );
    let seed = 777;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const zone of ['America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham']) {
      const cal: Calendar = {
        id: `prop-${zone}`,
        timeZone: zone,
        businessHours: {
          ...weekdays([
            { start: '08:30', end: '12:00' },
            { start: '12:45', end: '16:15' },
          ]),
          saturday: [{ start: '00:00', end: '03:00' }],
        },
      };
      for (let i = 0; i < 150; i++) {
        const from = t('2026-01-01T00:00:00Z') + (next() % (730 * 24 * 60)) * MINUTE_MS;
        const duration = (next() % (120 * 60)) * MINUTE_MS;
        const due = addWorkingTime(cal, from, duration);
        expect(workingTimeBetween(cal, from, due)).toBe(duration);
      }
    }
  });

  it('instantAtFraction in working and elapsed time', () => {
    const start = t('2026-03-02T08:00:00-08:00');
    const due = addWorkingDays(losAngeles, start, 2); // Wed 17:00, 16 working hours after start of Monday
    expect(iso(due)).toBe(iso(t('2026-03-04T17:00:00-08:00')));
    // 24 working hours from Mon 08:00 to Wed 17:00; 75 % = 18 h → Wed 10:00.
    expect(iso(instantAtFraction(losAngeles, start, due, 0.75))).toBe(iso(t('2026-03-04T10:00:00-08:00')));
    expect(instantAtFraction(undefined, 0, 1000, 0.5)).toBe(500);
  });
});

describe('durations of the definition language', () => {
  const parse = (text: string) => {
    const result = parseDuration(text);
    if (!result.ok) throw new Error(result.message);
    return result.duration;
  };

  it('calendar durations are elapsed time', () => {
    expect(addDuration(parse('P1D'), t('2026-03-07T12:00:00-08:00'), losAngeles)).toBe(t('2026-03-08T13:00:00-07:00'));
    expect(addDuration(parse('PT4H'), 0, undefined)).toBe(4 * HOUR_MS);
  });

  it('working durations use the calendar', () => {
    const from = t('2026-03-06T16:00:00-08:00');
    expect(addDuration(parse('4 working hours'), from, losAngeles)).toBe(t('2026-03-09T11:00:00-07:00'));
    expect(addDuration(parse('30 working minutes'), from, losAngeles)).toBe(t('2026-03-06T16:30:00-08:00'));
    expect(addDuration(parse('10 working days'), from, losAngeles)).toBe(t('2026-03-20T17:00:00-07:00'));
    expect(() => addDuration(parse('1 working day'), from, undefined)).toThrow(/needs a calendar/);
  });

  it('shiftDue moves a working due date by paused working time', () => {
    const due = t('2026-03-20T17:00:00-07:00'); // Friday close of business
    expect(shiftDue(due, 16 * HOUR_MS, 'working', losAngeles)).toBe(t('2026-03-24T17:00:00-07:00'));
    expect(shiftDue(due, HOUR_MS, 'calendar', losAngeles)).toBe(due + HOUR_MS);
    expect(shiftDue(due, 0, 'working', losAngeles)).toBe(due);
  });
});

describe('compiled calendars', () => {
  it('are shared by content, so every workflow copy of a definition uses one day cache', () => {
    const copy = JSON.parse(JSON.stringify(losAngeles)) as Calendar;
    expect(compileCalendar(copy)).toBe(compileCalendar(losAngeles));
    expect(compileCalendar({ ...copy, timeZone: 'Europe/Amsterdam' })).not.toBe(compileCalendar(losAngeles));
  });
});

describe('calendar errors are typed', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof CalendarError ? error.code : String(error);
    }
    return 'no error';
  };

  it('codes bad calendars', () => {
    expect(code(() => isWorkingDay({ id: 'a', timeZone: 'Mars/Olympus', businessHours: {} }, '2026-01-01'))).toBe(
      'CALENDAR_UNKNOWN_TIME_ZONE',
    );
    expect(
      code(() =>
        isWorkingDay(
          { id: 'b', timeZone: 'UTC', businessHours: { monday: [{ start: '9:00', end: '17:00' }] } },
          '2026-01-01',
        ),
      ),
    ).toBe('CALENDAR_BAD_TIME');
    expect(
      code(() =>
        isWorkingDay(
          {
            id: 'c',
            timeZone: 'UTC',
            businessHours: {
              monday: [
                { start: '09:00', end: '12:00' },
                { start: '11:00', end: '17:00' },
              ],
            },
          },
          '2026-01-01',
        ),
      ),
    ).toBe('CALENDAR_BAD_INTERVALS');
    expect(
      code(() =>
        isWorkingDay(
          { id: 'd', timeZone: 'UTC', businessHours: { monday: [{ start: '17:00', end: '09:00' }] } },
          '2026-01-01',
        ),
      ),
    ).toBe('CALENDAR_BAD_INTERVALS');
    expect(
      code(() =>
        isWorkingDay({ id: 'e', timeZone: 'UTC', businessHours: {}, holidays: [{ date: '2026-02-30' }] }, '2026-01-01'),
      ),
    ).toBe('CALENDAR_BAD_DATE');
    expect(
      code(() =>
        isWorkingDay({ id: 'f', timeZone: 'UTC', businessHours: {}, holidays: [{ month: 13, day: 1 }] }, '2026-01-01'),
      ),
    ).toBe('CALENDAR_BAD_HOLIDAY');
    expect(
      code(() =>
        isWorkingDay(
          { id: 'g', timeZone: 'UTC', businessHours: {}, holidays: [{ month: 1, day: 1, weekday: 'monday', nth: 1 }] },
          '2026-01-01',
        ),
      ),
    ).toBe('CALENDAR_BAD_HOLIDAY');
  });

  it('a calendar without working time fails with a code instead of looping forever', () => {
    const never: Calendar = { id: 'never', timeZone: 'UTC', businessHours: {} };
    expect(code(() => addWorkingTime(never, 0, HOUR_MS))).toBe('CALENDAR_NO_WORKING_TIME');
    expect(code(() => addWorkingDays(never, 0, 1))).toBe('CALENDAR_NO_WORKING_TIME');
    expect(code(() => nextWorkingInstant(never, 0))).toBe('CALENDAR_NO_WORKING_TIME');
  });
});
