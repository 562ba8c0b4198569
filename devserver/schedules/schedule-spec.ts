// A ScheduleSpec compiled once (cron strings and string calendars become structured calendars) and
// the times it names: calendars in a time zone, intervals since the epoch (plus phase), minus the
// excluded calendars, inside [startTime, endTime], each shifted by a deterministic jitter.
import { createHash } from 'node:crypto';
import { Instant, LocalDate, LocalDateTime, ZoneId, ZonedDateTime } from '@js-joda/core';
import '@js-joda/timezone';
import type { Pb } from '../protocol/proto-codec';
import type { WireSpec } from './schedule-messages';
import { invalidArgument } from '../protocol/rpc-error';
import { duration, durationMs, timestamp, timestampMs } from '../engine/time';
import {
  calendarFromStrings,
  calendarMatcher,
  parseCronString,
  structuredFromWire,
  type CalendarMatcher,
  type StructuredCalendar,
} from './calendar-fields';

export interface Interval {
  everyMs: number;
  phaseMs: number;
}

/** The spec as stored and described (JSON): only structured calendars and intervals remain. */
export interface CompiledSpec {
  calendars: StructuredCalendar[];
  excludes: StructuredCalendar[];
  intervals: Interval[];
  startMs: number;
  endMs: number;
  jitterMs: number;
  timezone: string;
}

/** Compiles and validates a wire ScheduleSpec; bad input is INVALID_ARGUMENT. */
export function compileSpec(pb: WireSpec | undefined): CompiledSpec {
  const spec = pb ?? {};
  const calendars = [
    ...(spec.structuredCalendar ?? []).map(structuredFromWire),
    ...(spec.calendar ?? []).map(calendarFromStrings),
  ];
  const intervals: Interval[] = (spec.interval ?? []).map((i) => ({
    everyMs: durationMs(i.interval),
    phaseMs: durationMs(i.phase),
  }));
  let timezone = spec.timezoneName ?? '';
  for (const cron of spec.cronString ?? []) {
    const parts = parseCronString(cron);
    if (parts.calendar) calendars.push(parts.calendar);
    if (parts.intervalMs) intervals.push({ everyMs: parts.intervalMs, phaseMs: 0 });
    if (parts.timezone) {
      if (timezone && timezone !== parts.timezone)
        throw invalidArgument(`cron string time zone ${parts.timezone} differs from the spec's ${timezone}`);
      timezone = parts.timezone;
    }
  }
  const excludes = [
    ...(spec.excludeStructuredCalendar ?? []).map(structuredFromWire),
    ...(spec.excludeCalendar ?? []).map(calendarFromStrings),
  ];
  for (const i of intervals) {
    if (i.everyMs < 1000) throw invalidArgument('schedule interval must be at least 1 second');
    if (i.phaseMs < 0 || i.phaseMs >= i.everyMs)
      throw invalidArgument('schedule interval phase must be between 0 and the interval');
  }
  const compiled: CompiledSpec = {
    calendars,
    excludes,
    intervals,
    startMs: timestampMs(spec.startTime) ?? 0,
    endMs: timestampMs(spec.endTime) ?? 0,
    jitterMs: durationMs(spec.jitter),
    timezone,
  };
  // Fail now, not at the first fire: every calendar expands and the zone resolves.
  zoneOf(compiled);
  [...calendars, ...excludes].forEach(calendarMatcher);
  return compiled;
}

/** The wire form describe/list answer with (calendars structured, as the real server compiles them). */
export function specToWire(spec: CompiledSpec): Pb {
  const cal = (c: StructuredCalendar): Pb => ({ ...c });
  return {
    structuredCalendar: spec.calendars.map(cal),
    interval: spec.intervals.map((i) => ({ interval: duration(i.everyMs), phase: duration(i.phaseMs) })),
    excludeStructuredCalendar: spec.excludes.map(cal),
    startTime: spec.startMs ? timestamp(spec.startMs) : undefined,
    endTime: spec.endMs ? timestamp(spec.endMs) : undefined,
    jitter: spec.jitterMs ? duration(spec.jitterMs) : undefined,
    timezoneName: spec.timezone || undefined,
  };
}

function zoneOf(spec: CompiledSpec): ZoneId {
  if (!spec.timezone || spec.timezone === 'UTC') return ZoneId.UTC;
  try {
    return ZoneId.of(spec.timezone);
  } catch {
    throw invalidArgument(`unknown schedule time zone '${spec.timezone}'`);
  }
}

/** How far ahead a calendar is searched (a 29 February or a year list may be years away). */
const SEARCH_DAYS = 366 * 8;

function dayMatches(c: CalendarMatcher, date: LocalDate): boolean {
  return (
    (!c.years || c.years.has(date.year())) &&
    (!c.months || c.months.has(date.monthValue())) &&
    (!c.days || c.days.has(date.dayOfMonth())) &&
    (!c.weekdays || c.weekdays.has(date.dayOfWeek().value() % 7))
  );
}

function instantMs(date: LocalDate, hour: number, minute: number, second: number, zone: ZoneId): number {
  const local = LocalDateTime.of(date.year(), date.monthValue(), date.dayOfMonth(), hour, minute, second);
  return ZonedDateTime.of(local, zone).toInstant().toEpochMilli();
}

/** First time the calendar matches strictly after `afterMs`. */
function nextCalendarTime(c: CalendarMatcher, afterMs: number, zone: ZoneId): number | undefined {
  let date = ZonedDateTime.ofInstant(Instant.ofEpochMilli(afterMs), zone).toLocalDate();
  for (let i = 0; i < SEARCH_DAYS; i++, date = date.plusDays(1)) {
    if (c.years && date.year() > Math.max(...c.years)) return undefined;
    if (!dayMatches(c, date)) continue;
    for (const h of c.hours)
      for (const m of c.minutes)
        for (const s of c.seconds) {
          const t = instantMs(date, h, m, s, zone);
          if (t > afterMs) return t;
        }
  }
  return undefined;
}

function matchesCalendar(c: CalendarMatcher, ms: number, zone: ZoneId): boolean {
  const z = ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), zone);
  return (
    dayMatches(c, z.toLocalDate()) &&
    c.hours.includes(z.hour()) &&
    c.minutes.includes(z.minute()) &&
    c.seconds.includes(z.second()) &&
    z.nano() === 0
  );
}

function nextIntervalTime(i: Interval, afterMs: number): number {
  const k = Math.floor((afterMs - i.phaseMs) / i.everyMs) + 1;
  return k * i.everyMs + i.phaseMs;
}

/** The spec ready to be asked for times (matchers expanded once). */
export class SpecTimes {
  private readonly zone: ZoneId;
  private readonly calendars: CalendarMatcher[];
  private readonly excludes: CalendarMatcher[];

  constructor(
    private readonly spec: CompiledSpec,
    private readonly jitterSeed: string,
  ) {
    this.zone = zoneOf(spec);
    this.calendars = spec.calendars.map(calendarMatcher);
    this.excludes = spec.excludes.map(calendarMatcher);
  }

  /** The next nominal time strictly after `afterMs`, or undefined when the spec names no more. */
  nextNominal(afterMs: number): number | undefined {
    let after = Math.max(afterMs, this.spec.startMs ? this.spec.startMs - 1 : afterMs);
    for (let guard = 0; guard < 10_000; guard++) {
      let best: number | undefined;
      for (const c of this.calendars) {
        const t = nextCalendarTime(c, after, this.zone);
        if (t !== undefined && (best === undefined || t < best)) best = t;
      }
      for (const i of this.spec.intervals) {
        const t = nextIntervalTime(i, after);
        if (best === undefined || t < best) best = t;
      }
      if (best === undefined) return undefined;
      if (this.spec.endMs && best > this.spec.endMs) return undefined;
      if (!this.excludes.some((x) => matchesCalendar(x, best, this.zone))) return best;
      after = best;
    }
    return undefined;
  }

  /**
   * When the action for a nominal time is taken: nominal + jitter, where jitter is a deterministic
   * fraction (hash of the schedule and the time, so a restart computes the same one) of the spec's
   * jitter, capped by the time to the next nominal time.
   */
  actualTime(nominalMs: number): number {
    if (!this.spec.jitterMs) return nominalMs;
    const next = this.nextNominal(nominalMs);
    const cap = Math.min(this.spec.jitterMs, next === undefined ? this.spec.jitterMs : next - nominalMs - 1);
    if (cap <= 0) return nominalMs;
    const hash = createHash('sha256').update(`${this.jitterSeed}\u0000${nominalMs}`).digest();
    return nominalMs + Math.floor((hash.readUInt32BE(0) / 0x1_0000_0000) * cap);
  }

  /** Nominal times in (afterMs, untilMs], at most `limit`. */
  nominalTimesBetween(afterMs: number, untilMs: number, limit: number): number[] {
    const times: number[] = [];
    let t = this.nextNominal(afterMs);
    while (t !== undefined && t <= untilMs && times.length < limit) {
      times.push(t);
      t = this.nextNominal(t);
    }
    return times;
  }
}
