/**
 * The statutory clock: the legal deadline of a case, kept apart from step SLAs. It pauses (with a
 * reason) while the agency waits on the applicant — the due date then moves by the paused time in the
 * clock's basis (working time for a working-days limit) — and can be extended with a reason, within
 * the definition's limits. Its limit variant is re-evaluated when case data changes.
 */
import type { CompiledStatutoryClock } from '../domain/definition';
import { comparableSize, parseDuration, type DurationSpec } from '../domain/durations';
import { evaluateCondition } from '../domain/expressions';
import type { StatutoryClockState } from './case-model';
import { addDuration, elapsedIn, shiftDue, subtractDuration } from './durations';
import { Transition, reject, toIso, toMs } from './transition';
import { closeOfBusiness, instantAtFraction } from './working-time';

export const CLOCK_DUE = 'clock:due';
export const CLOCK_WARNING = 'clock:warning';

function clockDefinition(tx: Transition): CompiledStatutoryClock {
  return tx.definition.statutoryClock ?? reject('NO_STATUTORY_CLOCK', 'this process has no statutory clock');
}

function chooseLimit(tx: Transition, clock: CompiledStatutoryClock): DurationSpec {
  for (const variant of clock.variants) {
    const result = evaluateCondition(variant.when, tx.state.data);
    if (result.ok && result.value) return variant.limit;
  }
  return clock.limit;
}

function openPause(clock: StatutoryClockState) {
  const last = clock.pauses[clock.pauses.length - 1];
  return last && last.to === undefined ? last : undefined;
}

export function isClockRunning(clock: StatutoryClockState | undefined): boolean {
  return !!clock && !clock.stoppedAt && !openPause(clock);
}

/** Due and warning instants from the start, the limit, closed pauses and extensions. */
function computeClock(
  tx: Transition,
  definition: CompiledStatutoryClock,
  clock: StatutoryClockState,
): { dueMs: number; warningMs?: number } {
  const calendar = tx.calendar(clock.calendar);
  const basis = clock.limit.basis;
  let withoutPauses = addDuration(clock.limit, toMs(clock.startedAt), calendar);
  for (const extension of clock.extensions) {
    const parsed = parseDuration(extension.by);
    if (parsed.ok) withoutPauses = addDuration(parsed.duration, withoutPauses, calendar);
  }
  const paused = clock.pauses.reduce((sum, pause) => sum + (pause.pausedMs ?? 0), 0);
  let dueMs = shiftDue(withoutPauses, paused, basis, calendar);
  // A limit in working days ends at close of business: pauses of part of a day move the deadline to the
  // end of the day they reach, never to mid-morning.
  if (paused > 0 && clock.limit.basis === 'working' && clock.limit.unit === 'day' && calendar)
    dueMs = closeOfBusiness(calendar, dueMs);
  const warning = definition.warning;
  if (!warning) return { dueMs };
  const warningMs =
    warning.kind === 'fraction'
      ? shiftDue(
          instantAtFraction(
            basis === 'working' ? calendar : undefined,
            toMs(clock.startedAt),
            withoutPauses,
            warning.fraction,
          ),
          paused,
          basis,
          calendar,
        )
      : subtractDuration(warning.duration, dueMs, calendar);
  return { dueMs, warningMs };
}

/** Recomputes the due date and (re)arms the clock's deadlines when it runs. */
function refresh(tx: Transition, definition: CompiledStatutoryClock, clock: StatutoryClockState): void {
  const { dueMs, warningMs } = computeClock(tx, definition, clock);
  clock.dueAt = toIso(dueMs);
  if (warningMs !== undefined) clock.warningAt = toIso(warningMs);
  else delete clock.warningAt;
  tx.cancel(CLOCK_DUE);
  tx.cancel(CLOCK_WARNING);
  if (!isClockRunning(clock)) return;
  if (warningMs !== undefined && !clock.warned) tx.arm(CLOCK_WARNING, warningMs, 'clock-warning');
  if (!clock.breached) tx.arm(CLOCK_DUE, dueMs, 'clock-due');
}

export function startClock(tx: Transition): void {
  const definition = tx.definition.statutoryClock;
  if (!definition || tx.state.clock) return;
  const calendarId = definition.calendar ?? tx.definition.defaultCalendar;
  const clock: StatutoryClockState = {
    startedAt: tx.now,
    limit: chooseLimit(tx, definition),
    ...(calendarId ? { calendar: calendarId } : {}),
    dueAt: tx.now,
    pauses: [],
    extensions: [],
    warned: false,
    breached: false,
  };
  tx.state.clock = clock;
  refresh(tx, definition, clock);
  tx.audit({ type: 'clock-started', detail: { limit: clock.limit.source, dueAt: clock.dueAt } });
}

export function pauseClock(tx: Transition, reason: string, byStep?: string): void {
  const definition = clockDefinition(tx);
  const clock = tx.state.clock;
  if (!clock || clock.stoppedAt) reject('CLOCK_NOT_RUNNING', 'the statutory clock is not running');
  if (openPause(clock))
    reject('CLOCK_ALREADY_PAUSED', `the statutory clock is already paused (${openPause(clock)!.reason})`);
  if (!definition.pauseReasons[reason]) {
    reject(
      'UNKNOWN_PAUSE_REASON',
      `"${reason}" is not a pause reason of this process (${Object.keys(definition.pauseReasons).join(', ')})`,
    );
  }
  clock.pauses.push({ reason, from: tx.now, ...(byStep ? { byStep } : {}) });
  tx.cancel(CLOCK_DUE);
  tx.cancel(CLOCK_WARNING);
  tx.audit({ type: 'clock-paused', reason, detail: { dueAt: clock.dueAt } });
}

export function resumeClock(tx: Transition, note?: string): void {
  const definition = clockDefinition(tx);
  const clock = tx.state.clock;
  const pause = clock && !clock.stoppedAt ? openPause(clock) : undefined;
  if (!clock || !pause) reject('CLOCK_NOT_PAUSED', 'the statutory clock is not paused');
  pause.to = tx.now;
  pause.pausedMs = elapsedIn(clock.limit.basis, tx.calendar(clock.calendar), toMs(pause.from), tx.nowMs);
  refresh(tx, definition, clock);
  tx.audit({
    type: 'clock-resumed',
    reason: pause.reason,
    detail: { pausedMs: pause.pausedMs, dueAt: clock.dueAt, ...(note ? { note } : {}) },
  });
}

/** Resumes the clock if the step with this token paused it. */
export function resumeIfPausedBy(tx: Transition, token: string): void {
  const clock = tx.state.clock;
  const pause = clock ? openPause(clock) : undefined;
  if (pause?.byStep === token) resumeClock(tx);
}

export function extendClock(tx: Transition, by: string, reason: string | undefined): void {
  const definition = clockDefinition(tx);
  const clock = tx.state.clock;
  if (!clock || clock.stoppedAt) reject('CLOCK_NOT_RUNNING', 'the statutory clock is not running');
  const rules = definition.extensions;
  if (rules.maxCount <= 0)
    reject('EXTENSION_NOT_ALLOWED', 'this process does not allow extending the statutory deadline');
  if (clock.extensions.length >= rules.maxCount)
    reject(
      'EXTENSION_LIMIT',
      `the deadline was already extended ${clock.extensions.length} time(s); at most ${rules.maxCount}`,
    );
  if (rules.reasons.length > 0 && (!reason || !rules.reasons.includes(reason))) {
    reject('EXTENSION_REASON', `an extension needs one of these reasons: ${rules.reasons.join(', ')}`);
  }
  const parsed = parseDuration(by);
  if (!parsed.ok) reject('BAD_DURATION', parsed.message);
  const size = comparableSize(parsed.duration);
  const sameUnit = (limit: DurationSpec, what: string) => {
    const max = comparableSize(limit);
    if (max.key !== size.key) reject('EXTENSION_TOO_LONG', `express the extension like its ${what} "${limit.source}"`);
    return max.size;
  };
  if (rules.maxEach && size.size > sameUnit(rules.maxEach, 'maximum'))
    reject('EXTENSION_TOO_LONG', `an extension may be at most ${rules.maxEach.source}`);
  if (rules.maxTotal) {
    const max = sameUnit(rules.maxTotal, 'maximum total');
    const total = clock.extensions.reduce((sum, e) => {
      const p = parseDuration(e.by);
      return sum + (p.ok ? comparableSize(p.duration).size : 0);
    }, size.size);
    if (total > max) reject('EXTENSION_TOO_LONG', `extensions may add up to at most ${rules.maxTotal.source}`);
  }
  const before = clock.dueAt;
  clock.extensions.push({
    by: parsed.duration.source,
    ...(reason ? { reason } : {}),
    at: tx.now,
    ...(tx.actor ? { actor: tx.actor.id } : {}),
  });
  refresh(tx, definition, clock);
  tx.audit({
    type: 'clock-extended',
    ...(reason ? { reason } : {}),
    detail: { by: parsed.duration.source, from: before, dueAt: clock.dueAt },
  });
}

/** A variant may now apply (e.g. the case became expedited): recompute the due date. */
export function reconsiderClockLimit(tx: Transition): void {
  const definition = tx.definition.statutoryClock;
  const clock = tx.state.clock;
  if (!definition || !clock || clock.stoppedAt) return;
  const limit = chooseLimit(tx, definition);
  if (limit.source === clock.limit.source && limit.basis === clock.limit.basis) return;
  const from = { limit: clock.limit.source, dueAt: clock.dueAt };
  clock.limit = limit;
  refresh(tx, definition, clock);
  tx.audit({ type: 'clock-recomputed', detail: { from, limit: limit.source, dueAt: clock.dueAt } });
}

export function stopClock(tx: Transition): void {
  const clock = tx.state.clock;
  if (!clock || clock.stoppedAt) return;
  const pause = openPause(clock);
  if (pause) {
    pause.to = tx.now;
    pause.pausedMs = elapsedIn(clock.limit.basis, tx.calendar(clock.calendar), toMs(pause.from), tx.nowMs);
  }
  clock.stoppedAt = tx.now;
  clock.metDeadline = tx.nowMs <= toMs(clock.dueAt) || pause !== undefined;
  tx.cancel(CLOCK_DUE);
  tx.cancel(CLOCK_WARNING);
}

export function fireClockWarning(tx: Transition): void {
  const clock = tx.state.clock;
  if (!clock) return;
  clock.warned = true;
  tx.audit({ type: 'clock-warning', detail: { dueAt: clock.dueAt } });
  for (const active of tx.state.active) {
    if (active.type !== 'human') continue;
    tx.notify(
      'clock-warning',
      true,
      [
        active.assignee
          ? { kind: 'user', userId: active.assignee }
          : { kind: 'role', role: active.role ?? '', department: active.department ?? '' },
      ],
      active.stepId,
      { dueAt: clock.dueAt },
    );
  }
}

export function fireClockDue(tx: Transition): void {
  const clock = tx.state.clock;
  if (!clock) return;
  clock.breached = true;
  tx.audit({ type: 'clock-breached', detail: { dueAt: clock.dueAt } });
  const departments = [
    ...new Set(tx.state.active.filter((a) => a.type === 'human' && a.department).map((a) => a.department!)),
  ];
  for (const department of departments)
    tx.notify('clock-breached', true, [{ kind: 'supervisor', department }], undefined, { dueAt: clock.dueAt });
}
