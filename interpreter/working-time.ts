/**
 * Pure working-time arithmetic over a business calendar (hours per weekday, holidays, half-days, time
 * zone with DST). Instants are epoch milliseconds; durations are milliseconds of working time, i.e.
 * real elapsed time inside working intervals (a working interval that spans a DST change is as long as
 * the clock on the wall says it is not, but as long as people actually work).
 *
 * No I/O, no clock, no randomness: safe inside Temporal's workflow sandbox.
 */
import type { Calendar } from '../domain/calendar';
import { CompiledCalendar, compileCalendar, holidayOn, workingIntervalsOfDay } from './business-calendar';
import { CalendarError } from './errors';
import { formatLocalDate, localEpochDay, parseLocalDate } from './local-time';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** A run of this many consecutive days without working time means the calendar can never work. */
const MAX_IDLE_DAYS = 400;

type CalendarLike = Calendar | CompiledCalendar;

function compiledOf(calendar: CalendarLike): CompiledCalendar {
  return 'weekHours' in calendar ? calendar : compileCalendar(calendar);
}

function idle(calendar: CompiledCalendar): CalendarError {
  return new CalendarError(
    'CALENDAR_NO_WORKING_TIME',
    `calendar "${calendar.id}" has no working time within ${MAX_IDLE_DAYS} days`,
  );
}

/** True when the instant lies inside a working interval (start inclusive, end exclusive). */
export function isWorkingTime(calendar: CalendarLike, atMs: number): boolean {
  const cal = compiledOf(calendar);
  const intervals = workingIntervalsOfDay(cal, localEpochDay(atMs, cal.zone));
  for (let i = 0; i < intervals.length; i += 2) {
    if (atMs >= intervals[i] && atMs < intervals[i + 1]) return true;
  }
  return false;
}

/** True when the local date ("YYYY-MM-DD" or epoch day) has any working time. */
export function isWorkingDay(calendar: CalendarLike, date: string | number): boolean {
  const cal = compiledOf(calendar);
  return workingIntervalsOfDay(cal, typeof date === 'string' ? parseLocalDate(date) : date).length > 0;
}

/** The holiday name of a local date, if it is one. */
export function holidayName(calendar: CalendarLike, date: string | number): string | undefined {
  const cal = compiledOf(calendar);
  return holidayOn(cal, typeof date === 'string' ? parseLocalDate(date) : date);
}

/** The instant itself when it is working time, otherwise the start of the next working interval. */
export function nextWorkingInstant(calendar: CalendarLike, atMs: number): number {
  const cal = compiledOf(calendar);
  let day = localEpochDay(atMs, cal.zone);
  for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS; day++) {
    const intervals = workingIntervalsOfDay(cal, day);
    if (intervals.length === 0) idleDays++;
    for (let i = 0; i < intervals.length; i += 2) {
      if (intervals[i + 1] > atMs) return Math.max(intervals[i], atMs);
    }
  }
  throw idle(cal);
}

/**
 * The instant after `durationMs` of working time counted from `fromMs`. Zero returns `fromMs`
 * unchanged. A result that falls exactly on the end of a working interval is that end (close of
 * business), not the start of the next interval.
 */
export function addWorkingTime(calendar: CalendarLike, fromMs: number, durationMs: number): number {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs))
    throw new RangeError(`working time must be a finite non-negative number, got ${durationMs}`);
  if (durationMs === 0) return fromMs;
  const cal = compiledOf(calendar);
  let remaining = durationMs;
  let day = localEpochDay(fromMs, cal.zone);
  for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS; day++) {
    const intervals = workingIntervalsOfDay(cal, day);
    if (intervals.length === 0) idleDays++;
    else idleDays = 0;
    for (let i = 0; i < intervals.length; i += 2) {
      const end = intervals[i + 1];
      if (end <= fromMs) continue;
      const start = Math.max(intervals[i], fromMs);
      const available = end - start;
      if (remaining <= available) return start + remaining;
      remaining -= available;
    }
  }
  throw idle(cal);
}

/** Working time (ms) between two instants; negative when `toMs` is before `fromMs`. */
export function workingTimeBetween(calendar: CalendarLike, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return 0 - workingTimeBetween(calendar, toMs, fromMs);
  const cal = compiledOf(calendar);
  const lastDay = localEpochDay(toMs, cal.zone);
  let total = 0;
  for (let day = localEpochDay(fromMs, cal.zone); day <= lastDay; day++) {
    const intervals = workingIntervalsOfDay(cal, day);
    for (let i = 0; i < intervals.length; i += 2) {
      const start = Math.max(intervals[i], fromMs);
      const end = Math.min(intervals[i + 1], toMs);
      if (end > start) total += end - start;
    }
  }
  return total;
}

/**
 * The close of business of the `days`-th working day after the local date of `fromMs` — the usual
 * reading of a statutory "within N working days": the day of receipt does not count, whatever the hour.
 * Zero returns `fromMs` unchanged.
 */
export function addWorkingDays(calendar: CalendarLike, fromMs: number, days: number): number {
  return closeOfNthWorkingDay(calendar, fromMs, days, 1);
}

/** Close of business of the `days`-th working day from `fromMs`'s local date, forward (1) or back (-1). */
function closeOfNthWorkingDay(calendar: CalendarLike, fromMs: number, days: number, direction: 1 | -1): number {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`working days must be a non-negative integer, got ${days}`);
  if (days === 0) return fromMs;
  const cal = compiledOf(calendar);
  let day = localEpochDay(fromMs, cal.zone);
  let counted = 0;
  for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS;) {
    day += direction;
    const intervals = workingIntervalsOfDay(cal, day);
    if (intervals.length === 0) {
      idleDays++;
      continue;
    }
    idleDays = 0;
    if (++counted === days) return intervals[intervals.length - 1];
  }
  throw idle(cal);
}

/** Number of working days whose local date lies strictly after `fromMs`'s and on or before `toMs`'s. */
export function workingDaysBetween(calendar: CalendarLike, fromMs: number, toMs: number): number {
  const cal = compiledOf(calendar);
  const first = localEpochDay(fromMs, cal.zone);
  const last = localEpochDay(toMs, cal.zone);
  let count = 0;
  for (let day = first + 1; day <= last; day++) if (workingIntervalsOfDay(cal, day).length > 0) count++;
  return count;
}

/**
 * The instant at which `fraction` (0..1) of the time from `startMs` to `dueMs` has passed — in working
 * time when a calendar is given, in elapsed time otherwise. Used for SLA warnings at 50 % / 75 %.
 */
export function instantAtFraction(
  calendar: CalendarLike | undefined,
  startMs: number,
  dueMs: number,
  fraction: number,
): number {
  if (dueMs <= startMs) return dueMs;
  if (!calendar) return startMs + Math.round((dueMs - startMs) * fraction);
  const total = workingTimeBetween(calendar, startMs, dueMs);
  if (total <= 0) return startMs + Math.round((dueMs - startMs) * fraction);
  return addWorkingTime(calendar, startMs, Math.round(total * fraction));
}

/**
 * The instant `durationMs` of working time before `fromMs` (the mirror of addWorkingTime). A result
 * exactly on the start of a working interval is that start.
 */
export function subtractWorkingTime(calendar: CalendarLike, fromMs: number, durationMs: number): number {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs))
    throw new RangeError(`working time must be a finite non-negative number, got ${durationMs}`);
  if (durationMs === 0) return fromMs;
  const cal = compiledOf(calendar);
  let remaining = durationMs;
  let day = localEpochDay(fromMs, cal.zone);
  for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS; day--) {
    const intervals = workingIntervalsOfDay(cal, day);
    if (intervals.length === 0) idleDays++;
    else idleDays = 0;
    for (let i = intervals.length - 2; i >= 0; i -= 2) {
      const start = intervals[i];
      if (start >= fromMs) continue;
      const end = Math.min(intervals[i + 1], fromMs);
      const available = end - start;
      if (remaining <= available) return end - remaining;
      remaining -= available;
    }
  }
  throw idle(cal);
}

/** Close of business of the `days`-th working day before the local date of `fromMs`. */
export function subtractWorkingDays(calendar: CalendarLike, fromMs: number, days: number): number {
  return closeOfNthWorkingDay(calendar, fromMs, days, -1);
}

/**
 * Close of business of the working day `atMs` falls on (the end of that local day's last working
 * interval), or of the next working day when that day has no working time left after `atMs`.
 */
export function closeOfBusiness(calendar: CalendarLike, atMs: number): number {
  const cal = compiledOf(calendar);
  let day = localEpochDay(atMs, cal.zone);
  for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS; day++) {
    const intervals = workingIntervalsOfDay(cal, day);
    if (intervals.length === 0) {
      idleDays++;
      continue;
    }
    const end = intervals[intervals.length - 1];
    if (end >= atMs) return end;
  }
  throw idle(cal);
}

/** A local date inside a period on which the calendar departs from its weekly hours. */
export interface CalendarDayOff {
  /** Local date "YYYY-MM-DD" in the calendar's zone. */
  date: string;
  name: string;
  /** holiday: no work; closure: an exception without hours; special-hours: an exception with other hours. */
  kind: 'holiday' | 'closure' | 'special-hours';
}

/**
 * Holidays and exceptions whose local date lies between the local dates of `fromMs` and `toMs`
 * (inclusive), in date order: what a person needs to see to understand why a working-time deadline
 * falls where it does. Bounded to 3,700 days (about ten years).
 */
export function calendarDaysOffBetween(calendar: Calendar, fromMs: number, toMs: number): CalendarDayOff[] {
  const cal = compiledOf(calendar);
  const exceptions = new Map<number, { name?: string; hours: readonly unknown[] }>();
  for (const exception of calendar.exceptions ?? []) exceptions.set(parseLocalDate(exception.date), exception);
  const first = localEpochDay(Math.min(fromMs, toMs), cal.zone);
  const last = Math.min(localEpochDay(Math.max(fromMs, toMs), cal.zone), first + 3700);
  const days: CalendarDayOff[] = [];
  for (let day = first; day <= last; day++) {
    const exception = exceptions.get(day);
    if (exception) {
      days.push({
        date: formatLocalDate(day),
        name: exception.name ?? 'exception',
        kind: exception.hours.length === 0 ? 'closure' : 'special-hours',
      });
      continue;
    }
    const holiday = holidayOn(cal, day);
    if (holiday !== undefined) days.push({ date: formatLocalDate(day), name: holiday, kind: 'holiday' });
  }
  return days;
}
