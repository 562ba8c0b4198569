/**
 * The statutory clock: working days left, paused and why, pauses and extensions, and "why this date"
 * rendering the service's explanation (the limit, the calendar, days off, pauses, extensions).
 */
import type { ClockReason, StatutoryClockPanel as ClockData } from '../../api/services';
import type { Calendar } from '../../domain/calendar';
import { absoluteTime, describeDeadline, shortDuration } from '../present';
import { SummaryRow } from './summary-row';

export interface StatutoryClockPanelProps {
  clock: ClockData;
  calendar: Calendar | undefined;
  timeZone: string;
  now: Date;
}

const at = (iso: string | null, timeZone: string) => (iso ? absoluteTime(Date.parse(iso), timeZone) : 'Not recorded');

function daysLeftText(days: number | null): string {
  if (days === null) return 'Not counted';
  if (days === 0) return 'Due today';
  if (days < 0) return `${-days} working ${days === -1 ? 'day' : 'days'} overdue`;
  return `${days} working ${days === 1 ? 'day' : 'days'} left`;
}

function Reason({ reason, timeZone }: { reason: ClockReason; timeZone: string }) {
  switch (reason.kind) {
    case 'limit':
      return (
        <li>
          The law allows {reason.limit} ({reason.basis === 'calendar' ? 'elapsed time' : 'working time'}) from{' '}
          {at(reason.startedAt, timeZone)}
          {reason.endsAt ? `, which alone gives ${at(reason.endsAt, timeZone)}` : ''}.
        </li>
      );
    case 'limit-changed':
      return (
        <li>
          On {at(reason.at, timeZone)} the limit changed {reason.from ? `from ${reason.from} ` : ''}to {reason.to} (the
          case now matches a different rule).
        </li>
      );
    case 'day-off':
      return (
        <li>
          {reason.date}: {reason.name} (
          {reason.dayOff === 'holiday' ? 'holiday' : reason.dayOff === 'closure' ? 'closure' : 'special hours'}) does
          not count.
        </li>
      );
    case 'pause':
      return (
        <li>
          Paused from {at(reason.from, timeZone)} {reason.to ? `to ${at(reason.to, timeZone)}` : '(still paused)'}:{' '}
          {reason.label}
          {reason.by ? `, by ${reason.by}` : ''}
          {reason.pausedMs !== null ? ` — adds ${shortDuration(reason.pausedMs)} of working time` : ''}.
        </li>
      );
    case 'extension':
      return (
        <li>
          Extended by {reason.by} on {at(reason.at, timeZone)}
          {reason.reason ? ` (${reason.reason})` : ''}
          {reason.actor ? `, by ${reason.actor}` : ''}.
        </li>
      );
  }
}

export function StatutoryClockPanel({ clock, calendar, timeZone, now }: StatutoryClockPanelProps) {
  const wording =
    clock.dueAt && clock.state !== 'not-started'
      ? describeDeadline(
          {
            dueAt: clock.dueAt,
            ...(clock.startedAt ? { startedAt: clock.startedAt } : {}),
            ...(clock.pauseReason && clock.state === 'paused' ? { paused: { reason: clock.pauseReason.label } } : {}),
            ...(calendar ? { calendar } : {}),
            timeZone,
          },
          now,
        )
      : undefined;
  return (
    <section class={`cf-panel${wording ? ` cf-stage--${wording.stage}` : ''}`} aria-labelledby="statutory-clock">
      <h3 id="statutory-clock">Statutory clock</h3>
      <p class="cf-deadline">
        <strong>
          {clock.state === 'not-started'
            ? 'Not started yet'
            : clock.state === 'stopped'
              ? 'Stopped (the case is closed)'
              : (wording?.text ?? 'Running')}
        </strong>
      </p>
      <dl class="cf-summary-list">
        <SummaryRow term="State">
          {clock.state === 'paused'
            ? `Paused since ${at(clock.pausedSince, timeZone)}: ${clock.pauseReason?.label ?? 'no reason recorded'}`
            : clock.state}
        </SummaryRow>
        <SummaryRow term="Working days left">{daysLeftText(clock.workingDaysLeft)}</SummaryRow>
        <SummaryRow term="Due">{at(clock.dueAt, timeZone)}</SummaryRow>
        <SummaryRow term="Extensions">
          {clock.extensions.length === 0
            ? 'None'
            : clock.extensions.map((e) => `${e.by}${e.reason ? ` (${e.reason})` : ''}`).join('; ')}
        </SummaryRow>
      </dl>
      <details class="cf-why">
        <summary>Why this date</summary>
        <p>
          {clock.why.calendar
            ? `Counted in the ${clock.why.calendar.title ?? clock.why.calendar.id} calendar (${clock.why.calendar.timeZone}).`
            : 'Counted in elapsed time.'}
        </p>
        <ul class="usa-list">
          {clock.why.reasons.map((reason, index) => (
            <Reason key={index} reason={reason} timeZone={timeZone} />
          ))}
        </ul>
      </details>
    </section>
  );
}
