/**
 * A business calendar: when an agency works. Definitions name calendars by id; SLA and statutory
 * deadlines in working time are computed against them by interpreter/working-time.ts.
 *
 * Plain JSON on purpose: the same shape is written in YAML definitions, validated by the JSON Schema,
 * stored in the database and carried inside workflow state.
 */

/** Lower-case English weekday names, the keys of {@link BusinessHours}. */
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/**
 * One stretch of working time on a local day, "HH:MM" 24-hour wall-clock time in the calendar's zone.
 * `end` is exclusive and may be "24:00" (end of day). `start` < `end`; intervals of one day must not
 * overlap and are listed in ascending order.
 */
export interface TimeInterval {
  start: string;
  end: string;
}

/** Working intervals per weekday; a missing or empty weekday is a day off (e.g. the weekend). */
export type BusinessHours = Partial<Record<Weekday, TimeInterval[]>>;

/** A one-off holiday on a given local date ("YYYY-MM-DD"). */
export interface DatedHoliday {
  date: string;
  name?: string;
}

/**
 * A holiday that recurs every year, e.g. `{ month: 12, day: 25, observed: 'nearest-weekday' }` or
 * `{ month: 11, weekday: 'thursday', nth: 4 }` (fourth Thursday of November) or
 * `{ month: 5, weekday: 'monday', nth: -1 }` (last Monday of May).
 * Exactly one of `day` or (`weekday` + `nth`) is given.
 */
export interface RecurringHoliday {
  name?: string;
  /** 1 = January … 12 = December. */
  month: number;
  /** Day of month, 1-31. */
  day?: number;
  weekday?: Weekday;
  /** 1..5 = first..fifth occurrence in the month, -1 = last. */
  nth?: number;
  /**
   * For fixed-day holidays: 'nearest-weekday' moves a Saturday holiday to Friday and a Sunday one to
   * Monday (US federal practice); 'next-weekday' moves a weekend holiday to the following Monday
   * (UK practice). Default 'none'.
   */
  observed?: 'none' | 'nearest-weekday' | 'next-weekday';
  /**
   * Days added after the rule (and any observed shift) is applied, e.g. the day after Thanksgiving:
   * `{ month: 11, weekday: 'thursday', nth: 4, offsetDays: 1 }`. -7..7; the year of the rule decides.
   */
  offsetDays?: number;
  /** First and last year (inclusive) the rule applies; unbounded when absent. */
  fromYear?: number;
  toYear?: number;
}

export type Holiday = DatedHoliday | RecurringHoliday;

/**
 * Special hours on one local date, overriding the weekday's business hours: a half-day
 * (`hours: [{ start: '09:00', end: '12:00' }]`) or an extra closure (`hours: []`).
 * Takes precedence over holidays, so an exception can also open a day that is otherwise a holiday.
 */
export interface CalendarException {
  date: string;
  name?: string;
  hours: TimeInterval[];
}

export interface Calendar {
  id: string;
  title?: string;
  /** IANA time zone, e.g. "America/Los_Angeles", "Europe/Amsterdam". */
  timeZone: string;
  businessHours: BusinessHours;
  holidays?: Holiday[];
  exceptions?: CalendarException[];
}

export function isRecurringHoliday(holiday: Holiday): holiday is RecurringHoliday {
  return (holiday as RecurringHoliday).month !== undefined;
}
