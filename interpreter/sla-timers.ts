/**
 * Service-level targets of human and wait steps: due instant, warning and escalation levels armed as
 * deadlines on step entry, acted on when they fire. Escalations never interrupt the step.
 */
import type { Calendar } from '../domain/calendar';
import { PRIORITIES, type CompiledSla, type Priority, type Threshold } from '../domain/definition';
import type { DurationSpec } from '../domain/durations';
import { evaluateCondition } from '../domain/expressions';
import type { ActiveStep, NotifyRecipient } from './case-model';
import { addDuration } from './durations';
import { Transition, toIso } from './transition';
import { instantAtFraction } from './working-time';

export const slaDeadlineId = (token: string, what: 'warning' | 'breach' | `escalation:${number}`): string =>
  `sla:${token}:${what}`;

/** The instant of a threshold: a fraction of the start→due span, or a duration from the start. */
export function thresholdInstant(
  threshold: Threshold,
  startMs: number,
  dueMs: number,
  basis: DurationSpec['basis'],
  calendar: Calendar | undefined,
): number {
  if (threshold.kind === 'fraction')
    return instantAtFraction(basis === 'working' ? calendar : undefined, startMs, dueMs, threshold.fraction);
  return addDuration(threshold.duration, startMs, calendar);
}

export function armSla(tx: Transition, active: ActiveStep, sla: CompiledSla): void {
  if (sla.kind === 'none') return;
  let due = sla.due;
  for (const variant of sla.variants) {
    const result = evaluateCondition(variant.when, tx.state.data);
    if (result.ok && result.value) {
      due = variant.due;
      break;
    }
  }
  const calendar = tx.calendar(sla.calendar);
  const startMs = tx.nowMs;
  const dueMs = addDuration(due, startMs, calendar);
  const calendarId = sla.calendar ?? tx.definition.defaultCalendar;
  active.sla = {
    startedAt: tx.now,
    dueAt: toIso(dueMs),
    basis: due.basis,
    ...(calendarId ? { calendar: calendarId } : {}),
    source: due.source,
    warned: false,
    escalationLevel: 0,
    breached: false,
  };
  const common = { token: active.token, step: active.stepId };
  if (sla.warning) {
    const warningMs = thresholdInstant(sla.warning, startMs, dueMs, due.basis, calendar);
    active.sla.warningAt = toIso(warningMs);
    tx.arm(slaDeadlineId(active.token, 'warning'), warningMs, 'sla-warning', common);
  }
  for (const escalation of sla.escalations) {
    const at = thresholdInstant(escalation.at, startMs, dueMs, due.basis, calendar);
    tx.arm(slaDeadlineId(active.token, `escalation:${escalation.level}`), at, 'sla-escalation', {
      ...common,
      level: escalation.level,
    });
  }
  tx.arm(slaDeadlineId(active.token, 'breach'), dueMs, 'sla-breach', common);
}

function assigneeOrRole(active: ActiveStep): NotifyRecipient {
  return active.assignee
    ? { kind: 'user', userId: active.assignee }
    : { kind: 'role', role: active.role ?? '', department: active.department ?? '' };
}

export function fireSlaWarning(tx: Transition, active: ActiveStep): void {
  if (!active.sla) return;
  active.sla.warned = true;
  tx.audit({ type: 'sla-warning', step: active.stepId, token: active.token, detail: { dueAt: active.sla.dueAt } });
  tx.notify('sla-warning', true, [assigneeOrRole(active)], active.stepId, {
    dueAt: active.sla.dueAt,
    step: active.stepId,
  });
}

export function fireSlaBreach(tx: Transition, active: ActiveStep): void {
  if (!active.sla) return;
  active.sla.breached = true;
  tx.audit({ type: 'sla-breached', step: active.stepId, token: active.token, detail: { dueAt: active.sla.dueAt } });
}

export function raisePriority(tx: Transition, active: ActiveStep | undefined, priority: Priority): void {
  const rank = (p: Priority | undefined) => (p ? PRIORITIES.indexOf(p) : -1);
  if (active && rank(priority) > rank(active.priority)) active.priority = priority;
  if (rank(priority) > rank(tx.state.priority)) {
    const from = tx.state.priority;
    tx.state.priority = priority;
    tx.audit({ type: 'priority-raised', ...(active ? { step: active.stepId } : {}), detail: { from, to: priority } });
  }
}

export function fireSlaEscalation(tx: Transition, active: ActiveStep, level: number): void {
  const step = tx.definition.steps[active.stepId];
  if (!active.sla || !step || (step.type !== 'human' && step.type !== 'wait') || step.sla.kind === 'none') return;
  const escalation = step.sla.escalations.find((e) => e.level === level);
  if (!escalation) return;
  active.sla.escalationLevel = Math.max(active.sla.escalationLevel, level);
  tx.audit({
    type: 'sla-escalated',
    step: active.stepId,
    token: active.token,
    level,
    detail: { dueAt: active.sla.dueAt },
  });
  // Notify first, while "assignee" still means the person who let it slip.
  let recipients = escalation.notify.map((r) => tx.recipient(r, active));
  if (escalation.reassign && active.type === 'human') {
    const role = tx.definition.roles[escalation.reassign];
    const from = {
      role: active.role ?? null,
      department: active.department ?? null,
      assignee: active.assignee ?? null,
    };
    active.role = escalation.reassign;
    if (role) active.department = role.department;
    delete active.assignee;
    tx.audit({
      type: 'task-reassigned',
      step: active.stepId,
      token: active.token,
      level,
      detail: { from, to: { role: active.role, department: active.department ?? null } },
    });
    // An escalation with a template and nobody named tells the new role it has the task.
    if (recipients.length === 0 && escalation.template) recipients = [assigneeOrRole(active)];
  }
  if (recipients.length === 0 && escalation.template) recipients = [assigneeOrRole(active)];
  if (recipients.length > 0) {
    tx.notify(escalation.template ?? 'sla-escalation', !escalation.template, recipients, active.stepId, {
      level,
      dueAt: active.sla.dueAt,
      step: active.stepId,
    });
  }
  if (escalation.raisePriority) raisePriority(tx, active, escalation.raisePriority);
}
