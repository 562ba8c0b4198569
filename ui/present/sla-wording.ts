/**
 * A deadline (a step's SLA or the statutory clock) as people read it — "due today 14:00 — 2 h left",
 * "warning: due in 45 min", "overdue 3 working hours", "paused: awaiting applicant" — with a stage
 * for colour and the share of the allowed working time used. Pure: the caller passes `now`.
 * Working time is the interpreter's arithmetic over the same business calendar the deadline uses.
 */
import type { Calendar } from '../../domain/calendar';
import { compileCalendar, type CompiledCalendar } from '../../interpreter/business-calendar';
import {
  HOUR_MS,
  MINUTE_MS,
  closeOfBusiness,
  isWorkingDay,
  workingDaysBetween,
  workingTimeBetween,
} from '../../interpreter/working-time';
import { inSentence } from '../../domain/humanise';
import { absoluteTime, clockTime, dayLabel, localMoment, shortDuration } from './time-wording';

export type SlaStage = 'on-track' | 'warning' | 'breached' | 'paused';

export type InstantInput = number | string | Date;

export interface DeadlineInput {
  readonly dueAt: InstantInput;
  /** When the warning threshold is (or was) reached; without it there is no warning stage. */
  readonly warningAt?: InstantInput;
  /** Step entry or clock start: the base of "% of allowed time used". */
  readonly startedAt?: InstantInput;
  /** The clock is stopped; `reason` is the pause reason's label (e.g. "Awaiting applicant"). */
  readonly paused?: { readonly reason: string };
  /** The deadline's business calendar: overdue time and % used are counted in its working time. */
  readonly calendar?: Calendar;
  /** The agency's zone for the wording (default: the calendar's). */
  readonly timeZone?: string;
}

export interface DeadlineWording {
  readonly stage: SlaStage;
  readonly text: string;
  /** "Fri 4 Dec 2026, 14:00": the due instant in full, for a title or the SLA panel. */
  readonly dueLabel: string;
  /** Share of the allowed (working) time used so far, in whole percent; may pass 100. */
  readonly percentUsed?: number;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();
function compiledOf(calendar: Calendar): CompiledCalendar {
  let cal = compiled.get(calendar);
  if (!cal) {
    cal = compileCalendar(calendar);
    compiled.set(calendar, cal);
  }
  return cal;
}

export function toMs(value: InstantInput): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(value)}`);
  return ms;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How late, in working time when there is a calendar: whole working days once a full one has passed, else hours or minutes. */
function overdueText(dueMs: number, nowMs: number, timeZone: string, calendar: CompiledCalendar | undefined): string {
  if (!calendar) {
    const late = nowMs - dueMs;
    if (late < HOUR_MS) return `overdue ${shortDuration(late)}`;
    if (late < 24 * HOUR_MS) return `overdue ${plural(Math.floor(late / HOUR_MS), 'hour', 'hours')}`;
    return `overdue ${plural(Math.floor(late / (24 * HOUR_MS)), 'day', 'days')}`;
  }
  const today = localMoment(nowMs, timeZone).epochDay;
  const endOfToday = isWorkingDay(calendar, today) ? closeOfBusiness(calendar, nowMs) : undefined;
  const todayInProgress =
    endOfToday !== undefined && endOfToday > nowMs && localMoment(endOfToday, timeZone).epochDay === today;
  const fullDays = workingDaysBetween(calendar, dueMs, nowMs) - (todayInProgress ? 1 : 0);
  if (fullDays >= 1) return `overdue ${plural(fullDays, 'working day', 'working days')}`;
  const late = workingTimeBetween(calendar, dueMs, nowMs);
  if (late >= HOUR_MS) return `overdue ${plural(Math.floor(late / HOUR_MS), 'working hour', 'working hours')}`;
  if (late >= MINUTE_MS) return `overdue ${Math.floor(late / MINUTE_MS)} working min`;
  // Late, but no working time has passed since (due Friday 17:00, read on Saturday).
  const due = localMoment(dueMs, timeZone);
  return due.epochDay === today
    ? `overdue since ${clockTime(due)}`
    : `overdue since ${dayLabel(due.epochDay, today)} ${clockTime(due)}`;
}

/** "today 14:00", "tomorrow 09:30", "Mon 7 Dec". */
function whenDue(dueMs: number, nowMs: number, timeZone: string): { sameDay: boolean; text: string } {
  const due = localMoment(dueMs, timeZone);
  const today = localMoment(nowMs, timeZone).epochDay;
  if (due.epochDay === today) return { sameDay: true, text: `today ${clockTime(due)}` };
  if (due.epochDay === today + 1) return { sameDay: false, text: `tomorrow ${clockTime(due)}` };
  return { sameDay: false, text: dayLabel(due.epochDay, today) };
}

function percentUsed(
  startMs: number,
  dueMs: number,
  nowMs: number,
  calendar: CompiledCalendar | undefined,
): number | undefined {
  const between = (from: number, to: number) => (calendar ? workingTimeBetween(calendar, from, to) : to - from);
  const allowed = between(startMs, dueMs);
  if (allowed <= 0) return undefined;
  return Math.max(0, Math.round((100 * between(startMs, nowMs)) / allowed));
}

export function describeDeadline(input: DeadlineInput, now: InstantInput): DeadlineWording {
  const nowMs = toMs(now);
  const dueMs = toMs(input.dueAt);
  const calendar = input.calendar ? compiledOf(input.calendar) : undefined;
  const timeZone = input.timeZone ?? input.calendar?.timeZone ?? 'UTC';
  const percent =
    input.startedAt !== undefined ? percentUsed(toMs(input.startedAt), dueMs, nowMs, calendar) : undefined;
  const base = { dueLabel: absoluteTime(dueMs, timeZone), ...(percent !== undefined ? { percentUsed: percent } : {}) };
  if (input.paused) return { ...base, stage: 'paused', text: `paused: ${inSentence(input.paused.reason)}` };
  if (nowMs >= dueMs) return { ...base, stage: 'breached', text: overdueText(dueMs, nowMs, timeZone, calendar) };
  const when = whenDue(dueMs, nowMs, timeZone);
  if (input.warningAt !== undefined && nowMs >= toMs(input.warningAt)) {
    return {
      ...base,
      stage: 'warning',
      text: when.sameDay ? `warning: due in ${shortDuration(dueMs - nowMs)}` : `warning: due ${when.text}`,
    };
  }
  return {
    ...base,
    stage: 'on-track',
    text: when.sameDay ? `due ${when.text} — ${shortDuration(dueMs - nowMs)} left` : `due ${when.text}`,
  };
}
