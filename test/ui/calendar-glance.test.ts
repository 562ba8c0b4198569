/** A calendar's year at a glance agrees with its weekdays and days off (la-city, 2027). */
import { calendarYear } from '../../ui/studio/calendar-glance';
import { shippedDefinition } from '../case/support/case-harness';

describe('calendarYear', () => {
  it('counts the weekdays of 2027 less the weekday holidays, month by month', () => {
    const calendar = shippedDefinition('building-permit').calendars['la-city'];
    if (!calendar) throw new Error('no la-city calendar');
    const year = calendarYear(calendar, 2027);
    let weekdays = 0;
    for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000)
      if (![0, 6].includes(new Date(day).getUTCDay())) weekdays += 1;
    const weekdayHolidays = year.daysOff.filter(
      (d) => ![0, 6].includes(new Date(`${d.date}T12:00:00Z`).getUTCDay()) && d.kind !== 'special-hours',
    );
    expect(weekdays).toBe(261);
    expect(year.workingDays).toBe(weekdays - weekdayHolidays.length);
    expect(year.months.map((m) => m.month)).toHaveLength(12);
    expect(year.months[6]).toEqual({ month: 'July', workingDays: 21 });
    expect(year.daysOff.map((d) => d.name)).toContain('Independence Day');
  });
});
