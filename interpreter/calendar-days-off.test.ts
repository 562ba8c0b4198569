/** calendarDaysOffBetween: the holidays and exceptions a deadline's period crosses, by local date. */
import type { Calendar } from '../domain/calendar';
import { calendarDaysOffBetween } from './working-time';

const day = [{ start: '09:00', end: '17:00' }];
const calendar: Calendar = {
  id: 'test',
  timeZone: 'Europe/Amsterdam',
  businessHours: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
  holidays: [
    { name: 'Christmas Day', month: 12, day: 25 },
    { name: "King's Day", month: 4, day: 27, observed: 'none' },
    { date: '2026-12-28', name: 'Extra day' },
  ],
  exceptions: [
    { date: '2026-12-24', name: 'Christmas Eve', hours: [{ start: '09:00', end: '12:00' }] },
    { date: '2026-12-31', name: 'Office move', hours: [] },
  ],
};

describe('calendarDaysOffBetween', () => {
  it('lists holidays, closures and special hours in date order, by local date in the calendar zone', () => {
    // 23 Dec 23:30 UTC is already 24 Dec in Amsterdam; 31 Dec 22:59 UTC is still 31 Dec there.
    expect(
      calendarDaysOffBetween(calendar, Date.parse('2026-12-23T23:30:00Z'), Date.parse('2026-12-31T22:59:00Z')),
    ).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve', kind: 'special-hours' },
      { date: '2026-12-25', name: 'Christmas Day', kind: 'holiday' },
      { date: '2026-12-28', name: 'Extra day', kind: 'holiday' },
      { date: '2026-12-31', name: 'Office move', kind: 'closure' },
    ]);
  });

  it('is empty for a period without any, and accepts the ends in either order', () => {
    expect(
      calendarDaysOffBetween(calendar, Date.parse('2026-03-02T09:00:00Z'), Date.parse('2026-03-20T09:00:00Z')),
    ).toEqual([]);
    expect(
      calendarDaysOffBetween(calendar, Date.parse('2026-04-28T09:00:00Z'), Date.parse('2026-04-20T09:00:00Z')),
    ).toEqual([{ date: '2026-04-27', name: "King's Day", kind: 'holiday' }]);
  });
});
