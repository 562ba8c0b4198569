/**
 * Compiles a {@link Calendar} into a form the working-time arithmetic can query fast: working
 * intervals of a local day as instants, with holidays and dated exceptions applied. Compiled calendars
 * are cached per Calendar object (definitions are immutable), so the interpreter can pass plain
 * calendars around.
 */
import { Calendar, RecurringHoliday, TimeInterval, WEEKDAYS, isRecurringHoliday } from '../domain/calendar';
import { CalendarError } from './errors';
import {
  epochDayOf,
  instantOfLocal,
  lengthOfMonth,
  parseLocalDate,
  weekdayOfEpochDay,
  yearMonthDayOf,
  zoneOf,
} from './local-time';
import type { ZoneId } from '@js-joda/core';

/** [startMinute, endMinute) of a local day. */
type MinuteInterval = readonly [number, number];

export interface CompiledCalendar {
  readonly id: string;
  readonly timeZone: string;
  readonly zone: ZoneId;
  /** Index 0 = Monday. */
  readonly weekHours: readonly (readonly MinuteInterval[])[];
  readonly datedHolidays: ReadonlyMap<number, string>;
  readonly recurringHolidays: readonly RecurringHoliday[];
  readonly exceptions: ReadonlyMap<number, readonly MinuteInterval[]>;
  /** Lazily filled caches (deterministic: pure functions of the calendar). */
  readonly holidaysByYear: Map<number, Map<number, string>>;
  readonly dayIntervals: Map<number, readonly number[]>;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();
/**
 * Every case workflow receives its own copy of the definition, so calendars are also shared by
 * content: ten thousand open cases on one calendar keep one compiled calendar and one day cache.
 */
const byContent = new Map<string, CompiledCalendar>();
const MAX_SHARED_CALENDARS = 256;

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached) return cached;
  const key = JSON.stringify(calendar);
  const shared = byContent.get(key);
  if (shared) {
    compiled.set(calendar, shared);
    return shared;
  }
  const result = buildCalendar(calendar);
  if (byContent.size >= MAX_SHARED_CALENDARS) byContent.clear();
  byContent.set(key, result);
  compiled.set(calendar, result);
  return result;
}

function buildCalendar(calendar: Calendar): CompiledCalendar {
  const zone = zoneOf(calendar.timeZone);
  const weekHours = WEEKDAYS.map((day) => parseIntervals(calendar.businessHours?.[day] ?? [], `businessHours.${day}`));
  const datedHolidays = new Map<number, string>();
  const recurringHolidays: RecurringHoliday[] = [];
  for (const holiday of calendar.holidays ?? []) {
    if (isRecurringHoliday(holiday)) recurringHolidays.push(checkRecurring(holiday));
    else if (typeof (holiday as { date?: unknown }).date === 'string')
      datedHolidays.set(parseLocalDate(holiday.date), holiday.name ?? 'holiday');
    else
      throw new CalendarError(
        'CALENDAR_BAD_HOLIDAY',
        `holiday ${JSON.stringify(holiday)} has neither a date nor a month`,
      );
  }
  const exceptions = new Map<number, readonly MinuteInterval[]>();
  for (const exception of calendar.exceptions ?? []) {
    exceptions.set(
      parseLocalDate(exception.date),
      parseIntervals(exception.hours ?? [], `exceptions.${exception.date}`),
    );
  }
  const result: CompiledCalendar = {
    id: calendar.id,
    timeZone: calendar.timeZone,
    zone,
    weekHours,
    datedHolidays,
    recurringHolidays,
    exceptions,
    holidaysByYear: new Map(),
    dayIntervals: new Map(),
  };
  return result;
}

/** "HH:MM" → minutes after midnight; "24:00" allowed (end of day). */
export function parseWallTime(text: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) throw new CalendarError('CALENDAR_BAD_TIME', `"${text}" is not an HH:MM time`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 1440) throw new CalendarError('CALENDAR_BAD_TIME', `"${text}" is past 24:00`);
  return minutes;
}

function parseIntervals(intervals: readonly TimeInterval[], where: string): MinuteInterval[] {
  const parsed = intervals.map((interval): MinuteInterval => [
    parseWallTime(interval.start),
    parseWallTime(interval.end),
  ]);
  let previousEnd = -1;
  for (const [start, end] of parsed) {
    if (start >= end)
      throw new CalendarError('CALENDAR_BAD_INTERVALS', `${where}: interval start must be before its end`);
    if (start < previousEnd)
      throw new CalendarError('CALENDAR_BAD_INTERVALS', `${where}: intervals must be ascending and not overlap`);
    previousEnd = end;
  }
  return parsed;
}

function checkRecurring(holiday: RecurringHoliday): RecurringHoliday {
  const bad = (why: string) =>
    new CalendarError('CALENDAR_BAD_HOLIDAY', `holiday ${holiday.name ?? JSON.stringify(holiday)}: ${why}`);
  if (!Number.isInteger(holiday.month) || holiday.month < 1 || holiday.month > 12) throw bad('month must be 1-12');
  const byDay = holiday.day !== undefined;
  const byWeekday = holiday.weekday !== undefined || holiday.nth !== undefined;
  if (byDay === byWeekday) throw bad('give either day, or weekday and nth');
  if (byDay && (!Number.isInteger(holiday.day) || holiday.day! < 1 || holiday.day! > 31)) throw bad('day must be 1-31');
  if (byWeekday) {
    if (!holiday.weekday || !WEEKDAYS.includes(holiday.weekday)) throw bad('weekday must be a lower-case weekday name');
    if (!Number.isInteger(holiday.nth) || holiday.nth === 0 || holiday.nth! < -1 || holiday.nth! > 5)
      throw bad('nth must be 1-5 or -1');
  }
  if (holiday.offsetDays !== undefined && (!Number.isInteger(holiday.offsetDays) || Math.abs(holiday.offsetDays) > 7))
    throw bad('offsetDays must be an integer from -7 to 7');
  return holiday;
}

/** The epoch day a recurring holiday falls on in a year (after the observed shift and offset), if any. */
function occurrence(holiday: RecurringHoliday, year: number): number | undefined {
  const day = ruleDay(holiday, year);
  return day === undefined ? undefined : day + (holiday.offsetDays ?? 0);
}

function ruleDay(holiday: RecurringHoliday, year: number): number | undefined {
  if (holiday.fromYear !== undefined && year < holiday.fromYear) return undefined;
  if (holiday.toYear !== undefined && year > holiday.toYear) return undefined;
  const days = lengthOfMonth(year, holiday.month);
  if (holiday.day !== undefined) {
    if (holiday.day > days) return undefined; // e.g. 29 February in a common year
    const day = epochDayOf(year, holiday.month, holiday.day);
    const weekday = weekdayOfEpochDay(day);
    if (holiday.observed === 'nearest-weekday') return weekday === 5 ? day - 1 : weekday === 6 ? day + 1 : day;
    if (holiday.observed === 'next-weekday') return weekday === 5 ? day + 2 : weekday === 6 ? day + 1 : day;
    return day;
  }
  const target = WEEKDAYS.indexOf(holiday.weekday!);
  if (holiday.nth === -1) {
    const last = epochDayOf(year, holiday.month, days);
    return last - ((weekdayOfEpochDay(last) - target + 7) % 7);
  }
  const first = epochDayOf(year, holiday.month, 1);
  const day = first + ((target - weekdayOfEpochDay(first) + 7) % 7) + (holiday.nth! - 1) * 7;
  return day < first + days ? day : undefined;
}

function holidaysOfYear(calendar: CompiledCalendar, year: number): Map<number, string> {
  let holidays = calendar.holidaysByYear.get(year);
  if (holidays) return holidays;
  holidays = new Map();
  // An observed shift can move a holiday across a year end (1 January on a Saturday → 31 December).
  for (const ruleYear of [year - 1, year, year + 1]) {
    for (const rule of calendar.recurringHolidays) {
      const day = occurrence(rule, ruleYear);
      if (day !== undefined && yearMonthDayOf(day).year === year && !holidays.has(day))
        holidays.set(day, rule.name ?? 'holiday');
    }
  }
  calendar.holidaysByYear.set(year, holidays);
  return holidays;
}

/** The holiday's name when the local date is a holiday of the calendar. */
export function holidayOn(calendar: CompiledCalendar, epochDay: number): string | undefined {
  return calendar.datedHolidays.get(epochDay) ?? holidaysOfYear(calendar, yearMonthDayOf(epochDay).year).get(epochDay);
}

/**
 * Working intervals of a local day as instants, flattened [start0, end0, start1, end1, …].
 * Precedence: a dated exception, then holidays (no work), then the weekday's business hours.
 */
export function workingIntervalsOfDay(calendar: CompiledCalendar, epochDay: number): readonly number[] {
  const cached = calendar.dayIntervals.get(epochDay);
  if (cached) return cached;
  const minutes =
    calendar.exceptions.get(epochDay) ??
    (holidayOn(calendar, epochDay) !== undefined ? [] : calendar.weekHours[weekdayOfEpochDay(epochDay)]);
  const flat: number[] = [];
  for (const [startMinute, endMinute] of minutes) {
    const start = instantOfLocal(epochDay, startMinute, calendar.zone);
    // A start shifted forward out of a DST gap can pass an end that was not shifted.
    const end = Math.max(start, instantOfLocal(epochDay, endMinute, calendar.zone));
    if (end > start) flat.push(start, end);
  }
  if (calendar.dayIntervals.size > 20000) calendar.dayIntervals.clear(); // bound memory in long-lived workers
  calendar.dayIntervals.set(epochDay, flat);
  return flat;
}
