/**
 * The SLA of one current step: entered, warning at, due (worded by ui/present), the next escalation
 * and its level, and a "why this date" disclosure with the rule, the calendar and every level.
 */
import type { StepSlaPanel as StepSlaData } from '../../api/services';
import type { Calendar } from '../../domain/calendar';
import { absoluteTime, describeDeadline } from '../present';
import { SummaryRow } from './summary-row';

export interface StepSlaPanelProps {
  step: StepSlaData;
  calendar: Calendar | undefined;
  timeZone: string;
  now: Date;
}

const at = (iso: string | null, timeZone: string) => (iso ? absoluteTime(Date.parse(iso), timeZone) : 'Not recorded');

function escalationText(mark: {
  level: number;
  notify: string[];
  reassignTo: string | null;
  raisePriority: string | null;
}): string {
  const parts = [`level ${mark.level}`];
  if (mark.notify.length > 0) parts.push(`tells ${mark.notify.join(', ')}`);
  if (mark.reassignTo) parts.push(`moves the task to ${mark.reassignTo}`);
  if (mark.raisePriority) parts.push(`raises priority to ${mark.raisePriority}`);
  return parts.join('; ');
}

export function StepSlaPanel({ step, calendar, timeZone, now }: StepSlaPanelProps) {
  const sla = step.sla;
  const headingId = `sla-${step.stepId}`;
  if (!sla) {
    return (
      <section class="cf-panel" aria-labelledby={headingId}>
        <h3 id={headingId}>{step.title}</h3>
        <p>Entered {at(step.enteredAt, timeZone)}. This step has no service level.</p>
      </section>
    );
  }
  const wording = describeDeadline(
    {
      dueAt: sla.dueAt,
      ...(sla.warningAt ? { warningAt: sla.warningAt } : {}),
      ...(step.enteredAt ? { startedAt: step.enteredAt } : {}),
      ...(calendar ? { calendar } : {}),
      timeZone,
    },
    now,
  );
  return (
    <section class={`cf-panel cf-stage--${wording.stage}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{step.title}</h3>
      <p class="cf-deadline">
        <strong>{wording.text}</strong>
        {wording.percentUsed !== undefined ? ` (${wording.percentUsed}% of the allowed time used)` : ''}
      </p>
      <dl class="cf-summary-list">
        <SummaryRow term="Entered">{at(step.enteredAt, timeZone)}</SummaryRow>
        <SummaryRow term="Warning at">{at(sla.warningAt, timeZone)}</SummaryRow>
        <SummaryRow term="Due">{wording.dueLabel}</SummaryRow>
        <SummaryRow term="Escalation level reached">
          {sla.escalationLevel === 0 ? 'None' : String(sla.escalationLevel)}
        </SummaryRow>
        <SummaryRow term="Next escalation">
          {sla.nextEscalation
            ? `${at(sla.nextEscalation.at, timeZone)} (${escalationText(sla.nextEscalation)})`
            : 'None'}
        </SummaryRow>
      </dl>
      <details class="cf-why">
        <summary>Why this date</summary>
        <ul class="usa-list">
          <li>
            The step allows {sla.due} (
            {sla.basis === 'calendar' ? 'elapsed time, weekends and holidays included' : 'working time only'}), counted
            from when the task arrived: {at(step.enteredAt, timeZone)}.
          </li>
          <li>
            {sla.calendar
              ? `Working time follows the ${sla.calendar.title ?? sla.calendar.id} calendar (${sla.calendar.timeZone}): its business hours, weekends and holidays.`
              : 'No business calendar applies.'}
          </li>
          {sla.escalations.map((mark) => (
            <li key={mark.level}>
              Escalation {escalationText(mark)} at {at(mark.at, timeZone)}
              {mark.reached ? ' (reached)' : ''}.
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
