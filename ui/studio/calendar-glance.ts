/** A business calendar's year at a glance: working days per month and the days off. Pure. */
import type { Calendar } from '../../domain/calendar';
import { calendarDaysOffBetween, workingDaysBetween, type CalendarDayOff } from '../../interpreter';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface CalendarYear {
  year: number;
  months: { month: string; workingDays: number }[];
  workingDays: number;
  daysOff: CalendarDayOff[];
}

/** Noon UTC keeps the local date for every zone between UTC-11 and UTC+11. */
const noonUtc = (year: number, month: number, day: number): number => Date.UTC(year, month, day, 12);

export function calendarYear(calendar: Calendar, year: number): CalendarYear {
  // workingDaysBetween counts the days after `from`'s local date up to `to`'s: start from the day before the 1st.
  const months = MONTHS.map((month, index) => ({
    month,
    workingDays: workingDaysBetween(calendar, noonUtc(year, index, 0), noonUtc(year, index + 1, 0)),
  }));
  return {
    year,
    months,
    workingDays: months.reduce((sum, m) => sum + m.workingDays, 0),
    daysOff: calendarDaysOffBetween(calendar, noonUtc(year, 0, 1), noonUtc(year, 11, 31)),
  };
}
