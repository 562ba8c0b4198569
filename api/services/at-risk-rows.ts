/**
 * Why a case is on the overdue and at-risk list, from its SLA panels: which step, which threshold
 * (warning, due, statutory date), the escalation level reached, and how late it is. Pure.
 */
import type { StepSlaPanel } from './sla-panel';

export type AtRiskStage = 'warning' | 'overdue' | 'statutory-overdue';

export interface AtRiskCase {
  id: string;
  trackingNumber: string;
  title: string | null;
  definitionId: string;
  definitionVersion: string;
  departmentId: string | null;
  statutoryDueAt: Date | null;
  statutoryClockPaused: boolean;
}

export interface AtRiskRow {
  caseId: string;
  trackingNumber: string;
  title: string | null;
  definitionId: string;
  /** The version the case is pinned to (its steps, reasons and calendars). */
  definitionVersion: string;
  departmentId: string | null;
  /** null for a row about the statutory date alone. */
  stepId: string | null;
  stepTitle: string | null;
  /** The open human task's role, for reassigning it; null for wait steps and statutory rows. */
  taskRole: string | null;
  assigneeId: string | null;
  stage: AtRiskStage;
  /** The threshold passed: the warning instant, the due instant or the statutory date. */
  thresholdAt: string;
  warningAt: string | null;
  dueAt: string;
  escalationLevel: number;
  nextEscalationAt: string | null;
  /** now − due: positive = late by this long, negative = due in this long. */
  lateSeconds: number;
  statutoryClockPaused: boolean;
  /** The step's calendar (for wording working time); null when elapsed time. */
  calendarId: string | null;
}

/** The rows of one case: each current step warned or past due, else one row for a passed statutory date. */
export function atRiskRows(record: AtRiskCase, panels: readonly StepSlaPanel[], now: Date): AtRiskRow[] {
  const base = {
    caseId: record.id,
    trackingNumber: record.trackingNumber,
    title: record.title,
    definitionId: record.definitionId,
    definitionVersion: record.definitionVersion,
    departmentId: record.departmentId,
    statutoryClockPaused: record.statutoryClockPaused,
  };
  const rows: AtRiskRow[] = [];
  for (const panel of panels) {
    const sla = panel.sla;
    if (!sla) continue;
    const dueMs = Date.parse(sla.dueAt);
    const overdue = now.getTime() > dueMs;
    if (!overdue && !sla.warned) continue;
    rows.push({
      ...base,
      stepId: panel.stepId,
      stepTitle: panel.title,
      taskRole: panel.kind === 'human' ? panel.role : null,
      assigneeId: panel.assigneeId,
      stage: overdue ? 'overdue' : 'warning',
      thresholdAt: overdue ? sla.dueAt : (sla.warningAt ?? sla.dueAt),
      warningAt: sla.warningAt,
      dueAt: sla.dueAt,
      escalationLevel: sla.escalationLevel,
      nextEscalationAt: sla.nextEscalation?.at ?? null,
      lateSeconds: Math.round((now.getTime() - dueMs) / 1000),
      calendarId: sla.calendar?.id ?? null,
    });
  }
  const statutory = record.statutoryDueAt;
  if (rows.length === 0 && statutory && statutory.getTime() < now.getTime()) {
    rows.push({
      ...base,
      stepId: null,
      stepTitle: null,
      taskRole: null,
      assigneeId: null,
      stage: 'statutory-overdue',
      thresholdAt: statutory.toISOString(),
      warningAt: null,
      dueAt: statutory.toISOString(),
      escalationLevel: 0,
      nextEscalationAt: null,
      lateSeconds: Math.round((now.getTime() - statutory.getTime()) / 1000),
      calendarId: null,
    });
  }
  return rows;
}

/** Most late first; ties by tracking number, so the order is stable. */
export function sortByLateness(rows: readonly AtRiskRow[]): AtRiskRow[] {
  return [...rows].sort(
    (a, b) =>
      b.lateSeconds - a.lateSeconds ||
      a.trackingNumber.localeCompare(b.trackingNumber) ||
      (a.stepId ?? '').localeCompare(b.stepId ?? ''),
  );
}
