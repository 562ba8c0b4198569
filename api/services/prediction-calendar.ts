/**
 * The working calendar a case's time is counted in: its pinned definition's default calendar (the
 * agency's), or elapsed time when the process has none. The interpreter's arithmetic, not a copy.
 */
import type { Calendar } from '../../domain/calendar';
import type { CompiledDefinition } from '../../domain/definition';
import { addWorkingTime, workingTimeBetween } from '../../interpreter';

export interface TimeBasis {
  calendar: Calendar | undefined;
  between(fromMs: number, toMs: number): number;
  add(fromMs: number, durationMs: number): number;
}

export function agencyCalendar(definition: CompiledDefinition | undefined): Calendar | undefined {
  if (!definition) return undefined;
  const id = definition.defaultCalendar ?? Object.keys(definition.calendars)[0];
  return id !== undefined ? definition.calendars[id] : undefined;
}

export function timeBasis(calendar: Calendar | undefined): TimeBasis {
  return calendar
    ? {
        calendar,
        between: (from, to) => workingTimeBetween(calendar, from, to),
        add: (from, ms) => addWorkingTime(calendar, from, ms),
      }
    : { calendar, between: (from, to) => to - from, add: (from, ms) => from + ms };
}
