/**
 * The SLA panel of the steps a case is on: entered, warning, due, every escalation level with its
 * instant and what it does, the level reached so far, the next one, and the calendar. Pure.
 *
 * Where the truth is: the read model keeps each current step's entry and due instants (projected by
 * the workflow), the audit trail keeps which warnings, breaches and escalations fired (per step
 * token), and the pinned definition version keeps the thresholds. The instants in between are worked
 * out with the interpreter's own functions (addDuration, thresholdInstant), never re-implemented.
 */
import type { AuditEntry } from '../../domain/audit';
import type { Calendar } from '../../domain/calendar';
import type { CurrentStep } from '../../domain/case';
import type { CompiledDefinition, CompiledSlaSpec, Priority, Recipient } from '../../domain/definition';
import type { DurationSpec } from '../../domain/durations';
import { addDuration, thresholdInstant } from '../../interpreter';

/** What the workflow recorded for one step visit (by token). */
export interface SlaMilestones {
  warned: boolean;
  breached: boolean;
  /** Highest escalation level reached (0 = none). */
  escalationLevel: number;
}

export const NO_MILESTONES: SlaMilestones = Object.freeze({ warned: false, breached: false, escalationLevel: 0 });

export interface EscalationMark {
  level: number;
  at: string;
  reached: boolean;
  /** Who is told: applicant, assignee, supervisor or role:<id>. */
  notify: string[];
  reassignTo: string | null;
  raisePriority: Priority | null;
}

export interface StepSla {
  /** The due duration that applied on entry, as written ("5 working days", "PT24H"). */
  due: string;
  basis: DurationSpec['basis'];
  /** The calendar working time is counted in; null for elapsed-time SLAs without one. */
  calendar: { id: string; title: string | null; timeZone: string } | null;
  warningAt: string | null;
  dueAt: string;
  warned: boolean;
  breached: boolean;
  /** Past the due time at `now` (the case view's overdue flag, per step). */
  overdue: boolean;
  escalationLevel: number;
  nextEscalation: EscalationMark | null;
  escalations: EscalationMark[];
}

export interface StepSlaPanel {
  stepId: string;
  title: string;
  kind: string | null;
  token: string | null;
  role: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  enteredAt: string | null;
  /** null: the step has no SLA (`sla: none`, automated steps) or the read model has no due instant. */
  sla: StepSla | null;
}

const SLA_EVENTS = ['sla-warning', 'sla-breached', 'sla-escalated'] as const;
/** Audit event types stepSlaPanels reads. */
export const SLA_AUDIT_EVENT_TYPES: readonly string[] = SLA_EVENTS;

/** Warnings, breaches and escalation levels per step token, from the case's audit entries. */
export function slaMilestonesByToken(
  entries: readonly Pick<AuditEntry, 'eventType' | 'details'>[],
): Map<string, SlaMilestones> {
  const byToken = new Map<string, SlaMilestones>();
  for (const entry of entries) {
    const token = entry.details.token;
    if (typeof token !== 'string') continue;
    const milestones = { ...(byToken.get(token) ?? NO_MILESTONES) };
    if (entry.eventType === 'sla-warning') milestones.warned = true;
    else if (entry.eventType === 'sla-breached') milestones.breached = true;
    else if (entry.eventType === 'sla-escalated' && typeof entry.details.level === 'number')
      milestones.escalationLevel = Math.max(milestones.escalationLevel, entry.details.level);
    else continue;
    byToken.set(token, milestones);
  }
  return byToken;
}

const recipientName = (recipient: Recipient): string =>
  recipient.kind === 'role' ? `role:${recipient.role}` : recipient.kind;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function calendarOf(
  definition: Pick<CompiledDefinition, 'calendars' | 'defaultCalendar'>,
  id: string | undefined,
): Calendar | undefined {
  const calendarId = id ?? definition.defaultCalendar;
  return calendarId ? definition.calendars[calendarId] : undefined;
}

/**
 * The due duration that applied when the step was entered: variants are chosen on entry from the data
 * of that moment, which may have changed since, so the one whose due instant is the recorded one wins.
 */
function appliedDue(
  sla: CompiledSlaSpec,
  enteredMs: number,
  dueMs: number,
  calendar: Calendar | undefined,
): DurationSpec {
  for (const candidate of [...sla.variants.map((v) => v.due), sla.due]) {
    try {
      if (addDuration(candidate, enteredMs, calendar) === dueMs) return candidate;
    } catch {
      // a working-time candidate without a calendar cannot have produced the recorded instant
    }
  }
  return sla.due;
}

/** The SLA panel of one current step. */
export function stepSlaPanel(
  definition: Pick<CompiledDefinition, 'steps' | 'calendars' | 'defaultCalendar'>,
  step: CurrentStep,
  milestones: SlaMilestones,
  now: Date,
): StepSlaPanel {
  const compiled = definition.steps[step.stepId];
  const panel: StepSlaPanel = {
    stepId: step.stepId,
    title: text(step.title) ?? compiled?.title ?? step.stepId,
    kind: text(step.kind) ?? compiled?.type ?? null,
    token: text(step.token),
    role: text(step.role),
    departmentId: text(step.department),
    assigneeId: text(step.assignee),
    enteredAt: text(step.enteredAt),
    sla: null,
  };
  const enteredMs = panel.enteredAt ? Date.parse(panel.enteredAt) : NaN;
  const dueText = text(step.dueAt);
  const dueMs = dueText ? Date.parse(dueText) : NaN;
  if (
    !compiled ||
    (compiled.type !== 'human' && compiled.type !== 'wait') ||
    compiled.sla.kind === 'none' ||
    Number.isNaN(enteredMs) ||
    Number.isNaN(dueMs)
  )
    return panel;

  const sla = compiled.sla;
  const calendar = calendarOf(definition, sla.calendar);
  const due = appliedDue(sla, enteredMs, dueMs, calendar);
  const at = (threshold: Parameters<typeof thresholdInstant>[0]) =>
    new Date(thresholdInstant(threshold, enteredMs, dueMs, due.basis, calendar)).toISOString();
  const escalations: EscalationMark[] = sla.escalations.map((escalation) => ({
    level: escalation.level,
    at: at(escalation.at),
    reached: milestones.escalationLevel >= escalation.level,
    notify: escalation.notify.map(recipientName),
    reassignTo: escalation.reassign ?? null,
    raisePriority: escalation.raisePriority ?? null,
  }));
  panel.sla = {
    due: due.source,
    basis: due.basis,
    calendar: calendar ? { id: calendar.id, title: calendar.title ?? null, timeZone: calendar.timeZone } : null,
    warningAt: sla.warning ? at(sla.warning) : null,
    dueAt: new Date(dueMs).toISOString(),
    warned: milestones.warned,
    breached: milestones.breached,
    overdue: now.getTime() > dueMs,
    escalationLevel: milestones.escalationLevel,
    nextEscalation: escalations.find((e) => !e.reached) ?? null,
    escalations,
  };
  return panel;
}

/** The panels of every current step, in the read model's order. */
export function stepSlaPanels(
  definition: Pick<CompiledDefinition, 'steps' | 'calendars' | 'defaultCalendar'>,
  steps: readonly CurrentStep[],
  entries: readonly Pick<AuditEntry, 'eventType' | 'details'>[],
  now: Date,
): StepSlaPanel[] {
  const milestones = slaMilestonesByToken(entries);
  return steps.map((step) =>
    stepSlaPanel(
      definition,
      step,
      (typeof step.token === 'string' ? milestones.get(step.token) : undefined) ?? NO_MILESTONES,
      now,
    ),
  );
}
