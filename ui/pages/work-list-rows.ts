/**
 * One work-list row per case, as people read it: tracking number, service, current step, priority,
 * the SLA in words with its stage, escalation level, and the step a bulk claim or release acts on.
 * Pure: the caller passes the case views, their compiled definitions and `now`.
 */
import type { CaseView } from '../../api/services/case-view';
import { stepSlaPanel, NO_MILESTONES } from '../../api/services/sla-panel';
import type { CompiledDefinition } from '../../domain/definition';
import { describeDeadline, type SlaStage } from '../present';

export interface WorkListRow {
  caseId: string;
  trackingNumber: string;
  service: string;
  steps: string;
  priority: string;
  sla: { stage: SlaStage; text: string; dueLabel: string } | null;
  escalationLevel: number;
  /** The open human task a bulk claim/release acts on; null when the case has none. */
  taskStep: string | null;
}

type Definition = Pick<CompiledDefinition, 'title' | 'steps' | 'calendars' | 'defaultCalendar' | 'statutoryClock'>;

/** The clock's pause reason while a current step pauses it; staff pauses carry theirs in the audit trail only. */
function pauseLabel(view: CaseView, definition: Definition): string {
  for (const step of view.currentSteps) {
    const reasonId = definition.steps[step.stepId]?.pausesClock;
    const label = reasonId ? definition.statutoryClock?.pauseReasons[reasonId]?.label : undefined;
    if (label) return label;
  }
  return 'clock paused';
}

function slaWording(view: CaseView, definition: Definition, now: Date): WorkListRow['sla'] {
  const timeZone = definition.defaultCalendar ? definition.calendars[definition.defaultCalendar]?.timeZone : undefined;
  if (view.statutoryClockPaused && view.statutoryDueAt) {
    const { stage, text, dueLabel } = describeDeadline(
      {
        dueAt: view.statutoryDueAt,
        paused: { reason: pauseLabel(view, definition) },
        ...(timeZone ? { timeZone } : {}),
      },
      now,
    );
    return { stage, text, dueLabel };
  }
  if (view.slaDueAt) {
    // The read model keeps the earliest due instant of the current steps; its step's SLA gives the warning and calendar.
    for (const step of view.currentSteps) {
      const panel = stepSlaPanel(definition, { ...step, dueAt: view.slaDueAt }, NO_MILESTONES, now);
      if (!panel.sla) continue;
      const calendar = panel.sla.calendar ? definition.calendars[panel.sla.calendar.id] : undefined;
      const { stage, text, dueLabel } = describeDeadline(
        {
          dueAt: view.slaDueAt,
          ...(panel.sla.warningAt ? { warningAt: panel.sla.warningAt } : {}),
          ...(calendar ? { calendar } : {}),
          ...(timeZone ? { timeZone } : {}),
        },
        now,
      );
      return { stage, text, dueLabel };
    }
    const { stage, text, dueLabel } = describeDeadline(
      { dueAt: view.slaDueAt, ...(timeZone ? { timeZone } : {}) },
      now,
    );
    return { stage, text, dueLabel };
  }
  if (view.statutoryDueAt) {
    const calendar = definition.statutoryClock?.calendar
      ? definition.calendars[definition.statutoryClock.calendar]
      : undefined;
    const { stage, text, dueLabel } = describeDeadline(
      { dueAt: view.statutoryDueAt, ...(calendar ? { calendar } : {}), ...(timeZone ? { timeZone } : {}) },
      now,
    );
    return { stage, text, dueLabel };
  }
  return null;
}

export function workListRow(view: CaseView, definition: Definition, now: Date): WorkListRow {
  const task = view.currentSteps.find((step) => definition.steps[step.stepId]?.type === 'human');
  return {
    caseId: view.id,
    trackingNumber: view.trackingNumber,
    service: definition.title,
    steps:
      view.currentSteps.map((step) => step.title ?? definition.steps[step.stepId]?.title ?? step.stepId).join(', ') ||
      'none',
    priority: view.priority,
    sla: slaWording(view, definition, now),
    escalationLevel: view.escalationLevel,
    taskStep: task?.stepId ?? null,
  };
}
