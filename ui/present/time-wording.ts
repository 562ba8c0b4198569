/**
 * Instants and durations as people read them, in the agency's time zone, 24-hour clock:
 * "14:00", "Mon 7 Dec", "2 h 15 min". Pure; the zone arithmetic is interpreter/local-time's.
 */
import {
  epochDayOf,
  instantOfLocal,
  wallClockOf,
  weekdayOfEpochDay,
  yearMonthDayOf,
  zoneOf,
} from '../../interpreter/local-time';
import { HOUR_MS, MINUTE_MS } from '../../interpreter/working-time';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

export interface LocalMoment {
  readonly epochDay: number;
  readonly hour: number;
  readonly minute: number;
}

export function localMoment(instantMs: number, timeZone: string): LocalMoment {
  return wallClockOf(instantMs, zoneOf(timeZone));
}

/** "14:05" */
export function clockTime(moment: LocalMoment): string {
  return `${pad(moment.hour)}:${pad(moment.minute)}`;
}

/** "Mon 7 Dec", with the year when it is not the reference's year: "Mon 7 Dec 2027". */
export function dayLabel(epochDay: number, referenceEpochDay: number): string {
  const { year, month, day } = yearMonthDayOf(epochDay);
  const sameYear = yearMonthDayOf(referenceEpochDay).year === year;
  return `${WEEKDAYS[weekdayOfEpochDay(epochDay)]} ${day} ${MONTHS[month - 1]}${sameYear ? '' : ` ${year}`}`;
}

/** "45 min", "2 h", "2 h 15 min"; at least "1 min" for anything positive. */
export function shortDuration(ms: number): string {
  const minutes = Math.max(1, Math.floor(Math.abs(ms) / MINUTE_MS));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "Fri 4 Dec 2026, 14:05": the full instant, for a tooltip or a printed record. */
export function absoluteTime(instantMs: number, timeZone: string): string {
  const moment = localMoment(instantMs, timeZone);
  const { year, month, day } = yearMonthDayOf(moment.epochDay);
  return `${WEEKDAYS[weekdayOfEpochDay(moment.epochDay)]} ${day} ${MONTHS[month - 1]} ${year}, ${clockTime(moment)}`;
}

/**
 * A timeline entry's time relative to now: "just now", "12 min ago", "3 h ago" (same day),
 * "yesterday 14:05", "Mon 14:05" (this week), "4 Dec" / "4 Dec 2025" — and "in 20 min" for the future.
 */
export function relativeTime(instantMs: number, nowMs: number, timeZone: string): string {
  const diff = nowMs - instantMs;
  const at = localMoment(instantMs, timeZone);
  const now = localMoment(nowMs, timeZone);
  if (diff < 0) {
    if (-diff < HOUR_MS * 12 && at.epochDay === now.epochDay) return `in ${shortDuration(-diff)}`;
    return at.epochDay === now.epochDay + 1
      ? `tomorrow ${clockTime(at)}`
      : `${dayLabel(at.epochDay, now.epochDay)} ${clockTime(at)}`;
  }
  if (diff < MINUTE_MS) return 'just now';
  if (diff < HOUR_MS) return `${shortDuration(diff)} ago`;
  if (at.epochDay === now.epochDay) return `${Math.floor(diff / HOUR_MS)} h ago`;
  if (at.epochDay === now.epochDay - 1) return `yesterday ${clockTime(at)}`;
  if (now.epochDay - at.epochDay < 7) return `${WEEKDAYS[weekdayOfEpochDay(at.epochDay)]} ${clockTime(at)}`;
  const { year, month, day } = yearMonthDayOf(at.epochDay);
  return `${day} ${MONTHS[month - 1]}${yearMonthDayOf(now.epochDay).year === year ? '' : ` ${year}`}`;
}

/** Both forms for a timeline row, plus the ISO instant for `<time datetime>`. */
export function timelineTime(
  instantMs: number,
  nowMs: number,
  timeZone: string,
): { relative: string; absolute: string; iso: string } {
  return {
    relative: relativeTime(instantMs, nowMs, timeZone),
    absolute: absoluteTime(instantMs, timeZone),
    iso: new Date(instantMs).toISOString(),
  };
}

/** For tests and fixtures: the instant of a local wall-clock time. */
export function localInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  return instantOfLocal(epochDayOf(year, month, day), hour * 60 + minute, zoneOf(timeZone));
}
