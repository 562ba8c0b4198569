// Schedule calendars as Temporal's server understands them: StructuredCalendarSpec ranges, the string
// CalendarSpec fields and cron strings, all compiled to one structured form (what describe shows).
import type { WireCalendar, WireRange, WireStructuredCalendar } from './schedule-messages';
import { invalidArgument } from '../protocol/rpc-error';

export interface Range {
  start: number;
  end: number;
  step: number;
}

export interface StructuredCalendar {
  second: Range[];
  minute: Range[];
  hour: Range[];
  dayOfMonth: Range[];
  month: Range[];
  year: Range[];
  dayOfWeek: Range[];
  comment?: string;
}

type Field = Exclude<keyof StructuredCalendar, 'comment'>;

const BOUNDS: Record<Field, [number, number]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  year: [1970, 2999],
  dayOfWeek: [0, 7],
};

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A range list from the wire; an empty list means "every value" except for second/minute/hour (0). */
export function rangesFromWire(ranges: WireRange[] | undefined): Range[] {
  return (ranges ?? []).map((r) => {
    const start = r.start ?? 0;
    const end = (r.end ?? 0) < start ? start : (r.end ?? 0);
    const step = (r.step ?? 0) > 0 ? (r.step ?? 1) : 1;
    return { start, end, step };
  });
}

export function structuredFromWire(pb: WireStructuredCalendar): StructuredCalendar {
  return {
    second: rangesFromWire(pb.second),
    minute: rangesFromWire(pb.minute),
    hour: rangesFromWire(pb.hour),
    dayOfMonth: rangesFromWire(pb.dayOfMonth),
    month: rangesFromWire(pb.month),
    year: rangesFromWire(pb.year),
    dayOfWeek: rangesFromWire(pb.dayOfWeek),
    ...(pb.comment ? { comment: pb.comment } : {}),
  };
}

/** Expanded form for matching: per field, the allowed values (undefined = any). */
export interface CalendarMatcher {
  seconds: number[];
  minutes: number[];
  hours: number[];
  days?: Set<number>;
  months?: Set<number>;
  years?: Set<number>;
  weekdays?: Set<number>;
}

function expand(ranges: Range[], field: Field): number[] {
  const [lo, hi] = BOUNDS[field];
  const values = new Set<number>();
  for (const r of ranges) {
    if (r.start < lo || r.end > hi)
      throw invalidArgument(`schedule calendar ${field} range ${r.start}-${r.end} is outside ${lo}-${hi}`);
    for (let v = r.start; v <= r.end; v += r.step) values.add(field === 'dayOfWeek' && v === 7 ? 0 : v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Empty second/minute/hour lists match 0 (as on the server); empty date fields match everything. */
export function calendarMatcher(cal: StructuredCalendar): CalendarMatcher {
  const timeField = (field: 'second' | 'minute' | 'hour'): number[] =>
    cal[field].length === 0 ? [0] : expand(cal[field], field);
  const dateField = (field: Field): Set<number> | undefined =>
    cal[field].length === 0 ? undefined : new Set(expand(cal[field], field));
  return {
    seconds: timeField('second'),
    minutes: timeField('minute'),
    hours: timeField('hour'),
    days: dateField('dayOfMonth'),
    months: dateField('month'),
    years: dateField('year'),
    weekdays: dateField('dayOfWeek'),
  };
}

// ---------------------------------------------------------------- string forms

/** One field of a CalendarSpec or cron string: `*`, `5`, `1-5`, `*\/15`, `10-50/10`, `jan`, lists by comma. */
export function parseFieldExpression(text: string, field: Field): Range[] {
  const [lo, hi] = BOUNDS[field];
  const names = field === 'month' ? MONTH_NAMES : field === 'dayOfWeek' ? DAY_NAMES : [];
  const value = (token: string): number => {
    const named = names.indexOf(token.slice(0, 3).toLowerCase());
    if (named >= 0 && /^[a-z]+$/i.test(token)) return field === 'month' ? named + 1 : named;
    if (!/^\d+$/.test(token)) throw invalidArgument(`invalid schedule ${field} value '${token}'`);
    return Number(token);
  };
  const ranges: Range[] = [];
  for (const part of text.trim().split(',')) {
    const [base, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw invalidArgument(`invalid schedule ${field} step in '${part}'`);
    if (base === '*' || base === '?') {
      if (field === 'year' && stepText === undefined) return [];
      ranges.push({ start: field === 'year' ? 1970 : lo, end: field === 'dayOfWeek' ? 6 : hi, step });
      continue;
    }
    const [from, to] = base.split('-');
    const start = value(from);
    const end = to === undefined ? (stepText === undefined ? start : hi) : value(to);
    ranges.push({ start, end: Math.max(start, end), step });
  }
  return ranges;
}

/** A string CalendarSpec (defaults: second/minute/hour 0, others `*`). */
export function calendarFromStrings(pb: WireCalendar): StructuredCalendar {
  const f = (key: Field, fallback: string): Range[] => parseFieldExpression(pb[key] || fallback, key);
  return {
    second: f('second', '0'),
    minute: f('minute', '0'),
    hour: f('hour', '0'),
    dayOfMonth: f('dayOfMonth', '*'),
    month: f('month', '*'),
    year: f('year', '*'),
    dayOfWeek: f('dayOfWeek', '*'),
    ...(pb.comment ? { comment: pb.comment } : {}),
  };
}

export interface CronParts {
  calendar?: StructuredCalendar;
  intervalMs?: number;
  timezone?: string;
}

const CRON_SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A cron string: optional `CRON_TZ=zone`, then 5 fields (minute hour dom month dow), 6 (seconds first) or 7 (year last), or @shorthands. */
export function parseCronString(text: string): CronParts {
  let rest = text.trim();
  let timezone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/s.exec(rest);
  if (tz) {
    timezone = tz[1];
    rest = tz[2].trim();
  }
  const every = /^@every\s+(\d+)(ms|s|m|h|d)$/.exec(rest);
  if (every) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[every[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return { intervalMs: Number(every[1]) * unit, ...(timezone ? { timezone } : {}) };
  }
  rest = CRON_SHORTHANDS[rest] ?? rest;
  const fields = rest.split(/\s+/);
  if (fields.length < 5 || fields.length > 7)
    throw invalidArgument(`invalid cron string '${text}': expected 5, 6 or 7 fields`);
  const withSeconds = fields.length >= 6 ? fields : ['0', ...fields];
  const [second, minute, hour, dayOfMonth, month, dayOfWeek, year = '*'] = withSeconds;
  return {
    calendar: {
      second: parseFieldExpression(second, 'second'),
      minute: parseFieldExpression(minute, 'minute'),
      hour: parseFieldExpression(hour, 'hour'),
      dayOfMonth: parseFieldExpression(dayOfMonth, 'dayOfMonth'),
      month: parseFieldExpression(month, 'month'),
      year: parseFieldExpression(year, 'year'),
      dayOfWeek: parseFieldExpression(dayOfWeek, 'dayOfWeek'),
    },
    ...(timezone ? { timezone } : {}),
  };
}
