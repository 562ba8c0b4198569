/**
 * The statutory clock as a person reads it: running, paused (since when, why) or stopped; the due date
 * and the working days left; the pauses and extensions with who and why; and "why this date" — the
 * limit, the calendar, the holidays and closures in the period, the pauses that moved it, the
 * extensions — as a list of reasons a page can render. Pure.
 *
 * Where the truth is: the read model holds the due date in force and whether the clock is paused; the
 * audit trail holds what the workflow recorded as it happened (clock-started with the limit,
 * clock-paused / clock-resumed with the paused working time, clock-extended with who and why,
 * clock-recomputed when a variant switched the limit). Nothing here recomputes the due date: the
 * base date of the limit alone comes from the interpreter's addDuration, and the holidays from its
 * calendar.
 */
import type { AuditEntry } from '../../domain/audit';
import type { BusinessHours, Calendar } from '../../domain/calendar';
import type { CompiledStatutoryClock } from '../../domain/definition';
import { parseDuration, type DurationSpec } from '../../domain/durations';
import { addDuration, calendarDaysOffBetween, workingDaysBetween, type CalendarDayOff } from '../../interpreter';

/** Audit event types the clock's history is read from. */
export const CLOCK_AUDIT_EVENT_TYPES: readonly string[] = [
  'clock-started',
  'clock-paused',
  'clock-resumed',
  'clock-extended',
  'clock-recomputed',
  'clock-warning',
  'clock-breached',
];

export interface ClockPauseRecord {
  reason: string;
  from: string;
  to: string | null;
  /** Who paused it (a staff member, or whoever moved the case into a step that pauses the clock). */
  by: string | null;
  /** Paused time in the clock's basis (working time for a working-time limit); null while still paused. */
  pausedMs: number | null;
}

export interface ClockExtensionRecord {
  by: string;
  reason: string | null;
  at: string;
  actor: string | null;
  dueBefore: string | null;
  dueAfter: string | null;
}

export interface ClockLimitChange {
  at: string;
  from: string | null;
  to: string;
  dueAfter: string | null;
}

/** What the audit trail says happened to the clock, oldest first. */
export interface ClockHistory {
  startedAt: string | null;
  /** The limit in force (the last one recorded). */
  limit: string | null;
  pauses: ClockPauseRecord[];
  extensions: ClockExtensionRecord[];
  limitChanges: ClockLimitChange[];
  warnedAt: string | null;
  breachedAt: string | null;
}

type ClockAuditEntry = Pick<AuditEntry, 'eventType' | 'occurredAt' | 'actor' | 'details'>;

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const detailOf = (entry: ClockAuditEntry): Record<string, unknown> => {
  const detail = entry.details.detail;
  return detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? detail : {};
};
const staffOrNull = (entry: ClockAuditEntry): string | null => (entry.actor.kind === 'system' ? null : entry.actor.id);

/** Folds the clock's audit entries (any order of arrival; they are sorted by time) into its history. */
export function clockHistoryFromAudit(entries: readonly ClockAuditEntry[]): ClockHistory {
  const history: ClockHistory = {
    startedAt: null,
    limit: null,
    pauses: [],
    extensions: [],
    limitChanges: [],
    warnedAt: null,
    breachedAt: null,
  };
  const sorted = [...entries].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const entry of sorted) {
    const at = entry.occurredAt.toISOString();
    const detail = detailOf(entry);
    switch (entry.eventType) {
      case 'clock-started':
        history.startedAt = at;
        history.limit = str(detail.limit);
        break;
      case 'clock-paused':
        history.pauses.push({
          reason: str(entry.details.reason) ?? 'unknown',
          from: at,
          to: null,
          by: staffOrNull(entry),
          pausedMs: null,
        });
        break;
      case 'clock-resumed': {
        const open = [...history.pauses].reverse().find((p) => p.to === null);
        if (open) {
          open.to = at;
          open.pausedMs = typeof detail.pausedMs === 'number' ? detail.pausedMs : null;
        }
        break;
      }
      case 'clock-extended':
        history.extensions.push({
          by: str(detail.by) ?? '',
          reason: str(entry.details.reason),
          at,
          actor: staffOrNull(entry),
          dueBefore: str(detail.from),
          dueAfter: str(detail.dueAt),
        });
        break;
      case 'clock-recomputed': {
        const to = str(detail.limit);
        if (!to) break;
        const from =
          detail.from !== null && typeof detail.from === 'object'
            ? str((detail.from as Record<string, unknown>).limit)
            : null;
        history.limitChanges.push({ at, from, to, dueAfter: str(detail.dueAt) });
        history.limit = to;
        break;
      }
      case 'clock-warning':
        history.warnedAt ??= at;
        break;
      case 'clock-breached':
        history.breachedAt ??= at;
        break;
    }
  }
  return history;
}

/** One reason the due date is where it is. */
export type ClockReason =
  | { kind: 'limit'; limit: string; basis: DurationSpec['basis']; startedAt: string; endsAt: string | null }
  | { kind: 'limit-changed'; at: string; from: string | null; to: string }
  /** A holiday, closure or day with special hours between the start and the due date. */
  | { kind: 'day-off'; date: string; name: string; dayOff: CalendarDayOff['kind'] }
  | {
      kind: 'pause';
      reason: string;
      label: string;
      from: string;
      to: string | null;
      by: string | null;
      pausedMs: number | null;
    }
  | { kind: 'extension'; by: string; reason: string | null; at: string; actor: string | null };

export interface StatutoryClockPanel {
  /** not-started: the clock starts at a later step. */
  state: 'not-started' | 'running' | 'paused' | 'stopped';
  startedAt: string | null;
  limit: string | null;
  dueAt: string | null;
  pausedSince: string | null;
  pauseReason: { id: string; label: string } | null;
  /**
   * Working days from today (or, while paused, from the day it was paused) to the due date, counted
   * as the interpreter counts them: 0 = due today; negative = that many working days overdue. Null
   * without a calendar or once stopped.
   */
  workingDaysLeft: number | null;
  overdue: boolean;
  warnedAt: string | null;
  breachedAt: string | null;
  pauses: (ClockPauseRecord & { label: string })[];
  extensions: ClockExtensionRecord[];
  why: {
    calendar: { id: string; title: string | null; timeZone: string; businessHours: BusinessHours } | null;
    reasons: ClockReason[];
  };
}

export interface ClockFacts {
  definition: CompiledStatutoryClock;
  /** The clock's calendar (its own, else the definition's default), if any. */
  calendar: Calendar | undefined;
  history: ClockHistory;
  /** From the read model: the due date in force and whether the clock is paused. */
  dueAt: Date | null;
  paused: boolean;
  /** The case closed (the clock stopped) at this instant. */
  closedAt: Date | null;
}

function baseDue(
  limit: string | null,
  startedAt: string | null,
  calendar: Calendar | undefined,
): { spec: DurationSpec; endsAt: string | null } | undefined {
  if (!limit || !startedAt) return undefined;
  const parsed = parseDuration(limit);
  if (!parsed.ok) return undefined;
  try {
    return {
      spec: parsed.duration,
      endsAt: new Date(addDuration(parsed.duration, Date.parse(startedAt), calendar)).toISOString(),
    };
  } catch {
    return { spec: parsed.duration, endsAt: null };
  }
}

function daysLeft(calendar: Calendar | undefined, fromMs: number, dueMs: number): number | null {
  if (!calendar) return null;
  return fromMs <= dueMs ? workingDaysBetween(calendar, fromMs, dueMs) : -workingDaysBetween(calendar, dueMs, fromMs);
}

/** The clock's panel at `now`. */
export function explainStatutoryClock(facts: ClockFacts, now: Date): StatutoryClockPanel {
  const { definition, calendar, history } = facts;
  const label = (reason: string) => definition.pauseReasons[reason]?.label ?? reason;
  const openPause = facts.paused ? [...history.pauses].reverse().find((p) => p.to === null) : undefined;
  const state =
    !history.startedAt && !facts.dueAt
      ? 'not-started'
      : facts.closedAt
        ? 'stopped'
        : facts.paused
          ? 'paused'
          : 'running';
  const dueMs = facts.dueAt?.getTime();
  const judgedAt =
    state === 'stopped' && facts.closedAt
      ? facts.closedAt.getTime()
      : openPause
        ? Date.parse(openPause.from)
        : now.getTime();

  const reasons: ClockReason[] = [];
  const base = baseDue(history.limit, history.startedAt, calendar);
  if (base && history.startedAt)
    reasons.push({
      kind: 'limit',
      limit: base.spec.source,
      basis: base.spec.basis,
      startedAt: history.startedAt,
      endsAt: base.endsAt,
    });
  for (const change of history.limitChanges)
    reasons.push({ kind: 'limit-changed', at: change.at, from: change.from, to: change.to });
  // Days off count only for working time: an elapsed-time limit runs through holidays.
  if (calendar && history.startedAt && dueMs !== undefined && base?.spec.basis !== 'calendar') {
    for (const day of calendarDaysOffBetween(calendar, Date.parse(history.startedAt), dueMs))
      reasons.push({ kind: 'day-off', date: day.date, name: day.name, dayOff: day.kind });
  }
  const pauses = history.pauses.map((p) => ({ ...p, label: label(p.reason) }));
  for (const p of pauses)
    reasons.push({
      kind: 'pause',
      reason: p.reason,
      label: p.label,
      from: p.from,
      to: p.to,
      by: p.by,
      pausedMs: p.pausedMs,
    });
  for (const e of history.extensions)
    reasons.push({ kind: 'extension', by: e.by, reason: e.reason, at: e.at, actor: e.actor });

  return {
    state,
    startedAt: history.startedAt,
    limit: history.limit,
    dueAt: facts.dueAt ? facts.dueAt.toISOString() : null,
    pausedSince: openPause?.from ?? null,
    pauseReason: openPause ? { id: openPause.reason, label: label(openPause.reason) } : null,
    workingDaysLeft:
      state === 'stopped' || state === 'not-started' || dueMs === undefined
        ? null
        : daysLeft(calendar, judgedAt, dueMs),
    overdue: dueMs !== undefined && judgedAt > dueMs,
    warnedAt: history.warnedAt,
    breachedAt: history.breachedAt,
    pauses,
    extensions: history.extensions,
    why: {
      calendar: calendar
        ? {
            id: calendar.id,
            title: calendar.title ?? null,
            timeZone: calendar.timeZone,
            businessHours: calendar.businessHours,
          }
        : null,
      reasons,
    },
  };
}
