/**
 * Due instants of the definition language's durations (`DurationSpec`, parsed by domain/durations.ts):
 * calendar basis = exact elapsed time; working basis = time inside the calendar's business hours, with
 * working days ending at close of business of the N-th working day after the start date.
 */
import type { Calendar } from '../domain/calendar';
import type { DurationSpec } from '../domain/durations';
import {
  HOUR_MS,
  MINUTE_MS,
  addWorkingDays,
  addWorkingTime,
  subtractWorkingDays,
  subtractWorkingTime,
  workingTimeBetween,
} from './working-time';

export class MissingCalendarError extends Error {
  readonly code = 'DURATION_NEEDS_CALENDAR';
  constructor(source: string) {
    super(`"${source}" is in working time and needs a calendar`);
    this.name = 'MissingCalendarError';
  }
}

/** The due instant of `duration` counted from `fromMs`. */
export function addDuration(duration: DurationSpec, fromMs: number, calendar: Calendar | undefined): number {
  if (duration.basis === 'calendar') return fromMs + duration.ms;
  if (!calendar) throw new MissingCalendarError(duration.source);
  switch (duration.unit) {
    case 'day':
      return addWorkingDays(calendar, fromMs, duration.amount);
    case 'hour':
      return addWorkingTime(calendar, fromMs, duration.amount * HOUR_MS);
    case 'minute':
      return addWorkingTime(calendar, fromMs, duration.amount * MINUTE_MS);
  }
}

/**
 * Moves a due instant later by `shiftMs` of time measured in the duration's basis: working time for
 * working durations (a pause of two working days moves the due date two working days), elapsed time
 * otherwise.
 */
export function shiftDue(
  dueMs: number,
  shiftMs: number,
  basis: DurationSpec['basis'],
  calendar: Calendar | undefined,
): number {
  if (shiftMs <= 0) return dueMs;
  if (basis === 'calendar' || !calendar) return dueMs + shiftMs;
  return addWorkingTime(calendar, dueMs, shiftMs);
}

/** Time between two instants in a basis: working time with a calendar, elapsed otherwise. */
export function elapsedIn(
  basis: DurationSpec['basis'],
  calendar: Calendar | undefined,
  fromMs: number,
  toMs: number,
): number {
  if (basis === 'calendar' || !calendar) return Math.max(0, toMs - fromMs);
  return Math.max(0, workingTimeBetween(calendar, fromMs, toMs));
}

/** The instant `duration` before `dueMs` (for "warn two working days before the legal deadline"). */
export function subtractDuration(duration: DurationSpec, dueMs: number, calendar: Calendar | undefined): number {
  if (duration.basis === 'calendar') return dueMs - duration.ms;
  if (!calendar) throw new MissingCalendarError(duration.source);
  switch (duration.unit) {
    case 'day':
      return subtractWorkingDays(calendar, dueMs, duration.amount);
    case 'hour':
      return subtractWorkingTime(calendar, dueMs, duration.amount * HOUR_MS);
    case 'minute':
      return subtractWorkingTime(calendar, dueMs, duration.amount * MINUTE_MS);
  }
}
