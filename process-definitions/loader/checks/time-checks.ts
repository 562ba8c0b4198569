/**
 * Durations, SLAs, calendars and the statutory clock: durations parse, thresholds ascend and come in a
 * comparable unit, working time has a calendar to count in, calendars are well formed.
 */
import type { CalendarException, TimeInterval } from '../../../domain/calendar';
import { WEEKDAYS } from '../../../domain/calendar';
import type { SlaDocument } from '../../../domain/definition';
import { comparableSize, type DurationSpec } from '../../../domain/durations';
import type { CheckContext } from '../check-context';
import type { DocPath } from '../problems';
import { stepEntries } from '../step-graph';
import { isTimeZone } from '../../../domain/time-zone';

export function checkTime(ctx: CheckContext): void {
  const { doc, sink } = ctx;
  checkCalendars(ctx);
  if (!validDate(doc.effectiveFrom))
    sink.error('DATE_INVALID', ['effectiveFrom'], `"${doc.effectiveFrom}" is not a real date`);

  const needsCalendar = (
    durations: (DurationSpec | undefined)[],
    explicit: string | undefined,
    path: DocPath,
    what: string,
  ): void => {
    if (!durations.some((duration) => duration?.basis === 'working')) return;
    if (ctx.calendarFor(explicit) === undefined) {
      sink.error(
        'CALENDAR_REQUIRED',
        path,
        `${what} counts working time but no calendar applies: name one, or set defaultCalendar`,
      );
    }
  };

  for (const [id, step] of stepEntries(doc)) {
    const base: DocPath = ['steps', id];
    if (step.type === 'human' || step.type === 'wait') checkSla(ctx, step.sla, [...base, 'sla'], needsCalendar);
    if (step.type === 'wait' && step.timeout) {
      const after = ctx.duration([...base, 'timeout', 'after'], step.timeout.after);
      needsCalendar([after], step.timeout.calendar, [...base, 'timeout'], `the timeout of "${id}"`);
    }
    if (step.type === 'automated' && step.retry?.initialInterval !== undefined) {
      const interval = ctx.duration([...base, 'retry', 'initialInterval'], step.retry.initialInterval);
      if (interval?.basis === 'working')
        sink.error(
          'DURATION_INVALID',
          [...base, 'retry', 'initialInterval'],
          'retry intervals are elapsed time: use e.g. "PT1M"',
        );
    }
    if (step.type === 'end' && step.reopen) {
      const within = ctx.duration([...base, 'reopen', 'within'], step.reopen.within);
      needsCalendar([within], undefined, [...base, 'reopen'], `the reopen period of "${id}"`);
    }
  }

  const clock = doc.statutoryClock;
  if (clock) {
    const limit = ctx.duration(['statutoryClock', 'limit'], clock.limit);
    const variants = (clock.variants ?? []).map((variant, i) =>
      ctx.duration(['statutoryClock', 'variants', i, 'limit'], variant.limit),
    );
    const each =
      clock.extensions?.maxEach !== undefined
        ? ctx.duration(['statutoryClock', 'extensions', 'maxEach'], clock.extensions.maxEach)
        : undefined;
    const total =
      clock.extensions?.maxTotal !== undefined
        ? ctx.duration(['statutoryClock', 'extensions', 'maxTotal'], clock.extensions.maxTotal)
        : undefined;
    needsCalendar([limit, ...variants, each, total], clock.calendar, ['statutoryClock'], 'the statutory clock');
    if (clock.warning !== undefined && limit) {
      const threshold = threshold_(ctx, ['statutoryClock', 'warning'], clock.warning);
      if (threshold?.kind === 'fraction' && threshold.fraction >= 1) {
        sink.error(
          'SLA_WARNING_NOT_BEFORE_DUE',
          ['statutoryClock', 'warning'],
          `the clock warning ${clock.warning} is not before the legal deadline`,
        );
      }
      if (threshold?.kind === 'duration') {
        for (const due of [limit, ...variants]) {
          if (!due) continue;
          const a = comparableSize(threshold.duration);
          const b = comparableSize(due);
          if (a.key !== b.key)
            sink.error(
              'SLA_THRESHOLD_INCOMPARABLE',
              ['statutoryClock', 'warning'],
              `warning "${clock.warning}" and limit "${due.source}" are in different units; use a percentage`,
            );
          else if (a.size >= b.size)
            sink.error(
              'SLA_WARNING_NOT_BEFORE_DUE',
              ['statutoryClock', 'warning'],
              `a warning "${clock.warning}" before the deadline is as long as the limit "${due.source}"`,
            );
        }
      }
    }
    if (clock.extensions) {
      const { maxCount } = clock.extensions;
      if (maxCount === 0 && (each || total))
        sink.warning(
          'CLOCK_EXTENSION_INVALID',
          ['statutoryClock', 'extensions'],
          'maxCount is 0, so extension lengths never apply',
        );
      if (each && total) {
        const a = comparableSize(each);
        const b = comparableSize(total);
        if (a.key === b.key && a.size > b.size)
          sink.error(
            'CLOCK_EXTENSION_INVALID',
            ['statutoryClock', 'extensions', 'maxEach'],
            `one extension (${each.source}) may not exceed all extensions together (${total.source})`,
          );
      }
    }
    if (Object.keys(clock.pauseReasons).length === 0)
      sink.warning(
        'CLOCK_EXTENSION_INVALID',
        ['statutoryClock', 'pauseReasons'],
        'no pause reasons: the clock can never be paused',
      );
  }
}

type Threshold = { kind: 'fraction'; fraction: number } | { kind: 'duration'; duration: DurationSpec };

function threshold_(ctx: CheckContext, path: DocPath, text: string): Threshold | undefined {
  if (text.endsWith('%')) {
    const fraction = Number(text.slice(0, -1)) / 100;
    if (!(fraction > 0)) {
      ctx.sink.error('DURATION_INVALID', path, `threshold "${text}" must be above 0%`);
      return undefined;
    }
    return { kind: 'fraction', fraction };
  }
  const duration = ctx.duration(path, text);
  return duration ? { kind: 'duration', duration } : undefined;
}

function checkSla(
  ctx: CheckContext,
  sla: SlaDocument,
  path: DocPath,
  needsCalendar: (
    durations: (DurationSpec | undefined)[],
    explicit: string | undefined,
    path: DocPath,
    what: string,
  ) => void,
): void {
  if (sla === 'none') return;
  const { sink } = ctx;
  const due = ctx.duration([...path, 'due'], sla.due);
  const variants = (sla.variants ?? []).map((variant, i) => ctx.duration([...path, 'variants', i, 'due'], variant.due));
  const dues = [due, ...variants].filter((d): d is DurationSpec => d !== undefined);
  const points: { path: DocPath; text: string; threshold: Threshold }[] = [];
  if (sla.warning !== undefined) {
    const warning = threshold_(ctx, [...path, 'warning'], sla.warning);
    if (warning) points.push({ path: [...path, 'warning'], text: sla.warning, threshold: warning });
    if (warning?.kind === 'fraction' && warning.fraction >= 1) {
      sink.error(
        'SLA_WARNING_NOT_BEFORE_DUE',
        [...path, 'warning'],
        `warning at ${sla.warning} is not before the due time`,
      );
    }
    if (warning?.kind === 'duration') {
      for (const d of dues) {
        const a = comparableSize(warning.duration);
        const b = comparableSize(d);
        if (a.key === b.key && a.size >= b.size)
          sink.error(
            'SLA_WARNING_NOT_BEFORE_DUE',
            [...path, 'warning'],
            `warning "${sla.warning}" is not before due "${d.source}"`,
          );
      }
    }
  }
  (sla.escalations ?? []).forEach((escalation, i) => {
    const at = threshold_(ctx, [...path, 'escalations', i, 'at'], escalation.at);
    if (at) points.push({ path: [...path, 'escalations', i, 'at'], text: escalation.at, threshold: at });
    if (
      escalation.notify === undefined &&
      escalation.reassign === undefined &&
      escalation.raisePriority === undefined
    ) {
      sink.error(
        'SLA_ESCALATION_EMPTY',
        [...path, 'escalations', i],
        `escalation level ${i + 1} neither notifies, reassigns nor raises priority`,
      );
    }
  });
  needsCalendar(
    [...dues, ...points.map((p) => (p.threshold.kind === 'duration' ? p.threshold.duration : undefined))],
    sla.calendar,
    path,
    'this SLA',
  );
  // Each point as a comparable position for every due variant; they must strictly ascend.
  for (const d of dues) {
    let previous: { size: number; text: string } | undefined;
    for (const point of points) {
      let size: number;
      const dueSize = comparableSize(d);
      if (point.threshold.kind === 'fraction') {
        size = point.threshold.fraction * dueSize.size;
      } else {
        const own = comparableSize(point.threshold.duration);
        if (own.key !== dueSize.key) {
          sink.error(
            'SLA_THRESHOLD_INCOMPARABLE',
            point.path,
            `"${point.text}" is not in the same basis and unit as due "${d.source}"; use a percentage or the same unit`,
          );
          previous = undefined;
          break;
        }
        size = own.size;
      }
      if (previous && size <= previous.size) {
        sink.error(
          'SLA_THRESHOLDS_NOT_ASCENDING',
          point.path,
          `"${point.text}" does not come after "${previous.text}" (due ${d.source}); warning and escalation levels must ascend`,
        );
      }
      previous = { size, text: point.text };
    }
  }
}

function validDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return (
    date.getUTCFullYear() === Number(match[1]) &&
    date.getUTCMonth() === Number(match[2]) - 1 &&
    date.getUTCDate() === Number(match[3])
  );
}

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function checkIntervals(ctx: CheckContext, intervals: TimeInterval[], path: DocPath): number {
  let total = 0;
  let previousEnd = -1;
  intervals.forEach((interval, i) => {
    const start = minutes(interval.start);
    const end = minutes(interval.end);
    if (end <= start)
      ctx.sink.error('CALENDAR_HOURS_INVALID', [...path, i], `${interval.start}-${interval.end} ends before it starts`);
    else if (start < previousEnd)
      ctx.sink.error(
        'CALENDAR_HOURS_INVALID',
        [...path, i],
        `${interval.start}-${interval.end} overlaps or precedes the interval before it`,
      );
    total += Math.max(0, end - start);
    previousEnd = Math.max(previousEnd, end);
  });
  return total;
}

function checkCalendars(ctx: CheckContext): void {
  for (const [id, calendar] of Object.entries(ctx.doc.calendars ?? {})) {
    const base: DocPath = ['calendars', id];
    if (!isTimeZone(calendar.timeZone))
      ctx.sink.error(
        'CALENDAR_TIME_ZONE_UNKNOWN',
        [...base, 'timeZone'],
        `"${calendar.timeZone}" is not a known IANA time zone`,
      );
    let working = 0;
    for (const day of WEEKDAYS) {
      const intervals = calendar.businessHours[day];
      if (intervals) working += checkIntervals(ctx, intervals, [...base, 'businessHours', day]);
    }
    if (working === 0)
      ctx.sink.error(
        'CALENDAR_NO_WORKING_TIME',
        [...base, 'businessHours'],
        `calendar "${id}" has no business hours on any weekday`,
      );
    (calendar.holidays ?? []).forEach((holiday, i) => {
      if ('date' in holiday && !validDate(holiday.date))
        ctx.sink.error('DATE_INVALID', [...base, 'holidays', i, 'date'], `"${holiday.date}" is not a real date`);
      if (
        'month' in holiday &&
        holiday.day !== undefined &&
        holiday.day > [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][holiday.month - 1]
      ) {
        ctx.sink.error(
          'DATE_INVALID',
          [...base, 'holidays', i, 'day'],
          `month ${holiday.month} has no day ${holiday.day}`,
        );
      }
    });
    (calendar.exceptions ?? []).forEach((exception: CalendarException, i) => {
      if (!validDate(exception.date))
        ctx.sink.error('DATE_INVALID', [...base, 'exceptions', i, 'date'], `"${exception.date}" is not a real date`);
      checkIntervals(ctx, exception.hours, [...base, 'exceptions', i, 'hours']);
    });
  }
}
