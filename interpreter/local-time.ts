/**
 * The one place that knows about time zones. Backed by @js-joda/core + @js-joda/timezone, which ship
 * their own IANA tz database (version pinned exactly in package.json): the answer for a given instant
 * and zone is the same on every machine and every Node version, unlike Intl, whose ICU data changes
 * with the Node binary. That matters because this code runs inside Temporal workflows that replay
 * for years. Upgrading @js-joda/timezone changes tz data and must be treated like an interpreter change.
 *
 * Instants are epoch milliseconds; local dates are epoch days (days since 1970-01-01).
 */
import { Instant, LocalDate, LocalDateTime, ZoneId, ZonedDateTime } from '@js-joda/core';
import '@js-joda/timezone';
import { CalendarError } from './errors';

const zoneCache = new Map<string, ZoneId>();

export function zoneOf(timeZone: string): ZoneId {
  let zone = zoneCache.get(timeZone);
  if (!zone) {
    try {
      zone = ZoneId.of(timeZone);
    } catch {
      throw new CalendarError('CALENDAR_UNKNOWN_TIME_ZONE', `unknown time zone "${timeZone}"`);
    }
    zoneCache.set(timeZone, zone);
  }
  return zone;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    zoneOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date (epoch day) of an instant in a zone. */
export function localEpochDay(instantMs: number, zone: ZoneId): number {
  return Instant.ofEpochMilli(instantMs).atZone(zone).toLocalDate().toEpochDay();
}

/**
 * The instant of a local wall-clock time: `minuteOfDay` minutes after midnight of `epochDay` (1440 =
 * next midnight). A time inside a spring-forward gap moves forward by the gap; an ambiguous time in a
 * fall-back overlap takes the earlier (summer-time) offset.
 */
export function instantOfLocal(epochDay: number, minuteOfDay: number, zone: ZoneId): number {
  const date = LocalDate.ofEpochDay(epochDay);
  const local =
    minuteOfDay >= 1440
      ? date
          .plusDays(1)
          .atStartOfDay()
          .plusMinutes(minuteOfDay - 1440)
      : LocalDateTime.of(
          date.year(),
          date.monthValue(),
          date.dayOfMonth(),
          Math.floor(minuteOfDay / 60),
          minuteOfDay % 60,
        );
  return ZonedDateTime.of(local, zone).toInstant().toEpochMilli();
}

/** Weekday of an epoch day, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

export function epochDayOf(year: number, month: number, day: number): number {
  return LocalDate.of(year, month, day).toEpochDay();
}

export function yearMonthDayOf(epochDay: number): { year: number; month: number; day: number } {
  const date = LocalDate.ofEpochDay(epochDay);
  return { year: date.year(), month: date.monthValue(), day: date.dayOfMonth() };
}

export function lengthOfMonth(year: number, month: number): number {
  return LocalDate.of(year, month, 1).lengthOfMonth();
}

/** "YYYY-MM-DD" → epoch day; throws CALENDAR_BAD_DATE. */
export function parseLocalDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new CalendarError('CALENDAR_BAD_DATE', `"${text}" is not a YYYY-MM-DD date`);
  try {
    return LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3])).toEpochDay();
  } catch {
    throw new CalendarError('CALENDAR_BAD_DATE', `"${text}" is not a valid date`);
  }
}

export function formatLocalDate(epochDay: number): string {
  return LocalDate.ofEpochDay(epochDay).toString();
}

/** Local wall-clock rendering of an instant in a zone, e.g. "2026-03-09T09:00-07:00[America/Los_Angeles]". */
export function formatZoned(instantMs: number, zone: ZoneId): string {
  return Instant.ofEpochMilli(instantMs).atZone(zone).toString();
}

const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Compact local rendering for timelines: "Mon 2026-03-02 09:00 -08:00". */
export function formatLocalShort(instantMs: number, zone: ZoneId): string {
  const zoned = Instant.ofEpochMilli(instantMs).atZone(zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = zoned.toLocalDate();
  return `${WEEKDAY_SHORT[date.dayOfWeek().ordinal()]} ${date.toString()} ${pad(zoned.hour())}:${pad(zoned.minute())} ${zoned.offset().toString()}`;
}

/** The local date (epoch day) and wall-clock hour and minute of an instant in a zone (for wording times people read). */
export function wallClockOf(instantMs: number, zone: ZoneId): { epochDay: number; hour: number; minute: number } {
  const zoned = Instant.ofEpochMilli(instantMs).atZone(zone);
  return { epochDay: zoned.toLocalDate().toEpochDay(), hour: zoned.hour(), minute: zoned.minute() };
}
