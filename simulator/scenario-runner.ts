/**
 * Runs a definition's shipped scenarios through the pure interpreter with virtual time: deadlines
 * fire at their due instants as time is advanced, activities succeed at once. Pure apart from nothing:
 * no clock, no I/O — the CLI does the printing.
 */
import type {
  CompiledDefinition,
  ScenarioDocument,
  ScenarioEventDocument,
  ScenarioStepDocument,
} from '../domain/definition';
import type { JsonValue } from '../domain/json';
import { parseDuration } from '../domain/durations';
import { applyCaseEvent, nextDeadline, rejectionAuditEntry, startCase } from '../interpreter/apply-case-event';
import type { Actor, AuditEntry, CaseEvent, CaseState, CaseStepResult } from '../interpreter/case-model';
import { addDuration } from '../interpreter/durations';

export const DEFAULT_SCENARIO_START = '2026-01-05T09:00:00Z';

export interface TimelineItem {
  at: string;
  entry: AuditEntry;
}

export interface ScenarioFailure {
  /** 1-based index into the scenario's steps, 0 for the start or the final expectations. */
  step: number;
  message: string;
}

export interface ScenarioReport {
  name: string;
  passed: boolean;
  failures: ScenarioFailure[];
  timeline: TimelineItem[];
  /** Rejections that happened (expected ones included), for the timeline. */
  rejections: { at: string; step: number; code: string; reason: string; expected: boolean }[];
  stepsEntered: string[];
  actionsTaken: string[];
  outcome?: string;
  status?: string;
  finalState?: CaseState;
  /** Every interpreter call (input state, event, instant), when asked for: benchmarks replay them. */
  trace?: { state: CaseState; event: CaseEvent; nowMs: number }[];
}

export interface RunOptions {
  trace?: boolean;
}

class ScenarioAbort extends Error {}

export function runScenario(
  definition: CompiledDefinition,
  scenario: ScenarioDocument,
  options: RunOptions = {},
): ScenarioReport {
  const report: ScenarioReport = {
    name: scenario.name,
    passed: false,
    failures: [],
    timeline: [],
    rejections: [],
    stepsEntered: [],
    actionsTaken: [],
  };
  const trace: NonNullable<ScenarioReport['trace']> | undefined = options.trace ? [] : undefined;
  if (trace) report.trace = trace;
  const applyTraced = (current: CaseState, event: CaseEvent, at: number): CaseStepResult => {
    trace?.push({ state: current, event, nowMs: at });
    return applyCaseEvent(definition, current, event, at);
  };
  const fail = (step: number, message: string): never => {
    report.failures.push({ step, message });
    throw new ScenarioAbort(message);
  };
  let now = Date.parse(scenario.startAt ?? DEFAULT_SCENARIO_START);
  if (Number.isNaN(now)) fail(0, `startAt "${scenario.startAt}" is not an instant`);
  let state: CaseState | undefined;

  const record = (result: CaseStepResult) => {
    for (const command of result.commands) {
      if (command.type !== 'audit') continue;
      report.timeline.push({ at: command.entry.at, entry: command.entry });
      if (command.entry.type === 'step-entered' && command.entry.step) report.stepsEntered.push(command.entry.step);
      if (command.entry.type === 'action-taken' && command.entry.step && command.entry.action)
        report.actionsTaken.push(`${command.entry.step}.${command.entry.action}`);
    }
    state = result.state;
    // Activities answer at once in simulation: as the scenario's `activities` say (an output, or a
    // failure after the retries, so `onFailure` paths can be tried), else success with no output.
    for (const command of result.commands) {
      if (command.type !== 'run-activity') continue;
      const behaviour = scenario.activities?.[command.activity];
      const event: CaseEvent =
        behaviour?.fail !== undefined
          ? { type: 'automated-failed', step: command.step, error: behaviour.fail }
          : { type: 'automated-completed', step: command.step, output: behaviour?.output ?? {} };
      const done = applyTraced(state, event, now);
      if (done.outcome === 'accepted') record(done);
    }
  };

  const apply = (index: number, event: CaseEvent, expectRejected?: string | boolean) => {
    const result = applyTraced(state!, event, now);
    if (result.outcome === 'rejected') {
      const expected = expectRejected !== undefined && expectRejected !== false;
      report.rejections.push({
        at: new Date(now).toISOString(),
        step: index,
        code: result.rejection.code,
        reason: result.rejection.reason,
        expected,
      });
      const entry = rejectionAuditEntry(event, result.rejection, now);
      report.timeline.push({ at: entry.at, entry });
      if (!expected)
        fail(index, `${describeEvent(event)} was rejected: ${result.rejection.code} ${result.rejection.reason}`);
      if (
        typeof expectRejected === 'string' &&
        expectRejected !== result.rejection.code &&
        !result.rejection.reason.includes(expectRejected)
      ) {
        fail(index, `${describeEvent(event)} was rejected with ${result.rejection.code}, expected ${expectRejected}`);
      }
      return;
    }
    if (expectRejected !== undefined && expectRejected !== false)
      fail(index, `${describeEvent(event)} was accepted but should have been rejected`);
    record(result);
  };

  const advanceTo = (index: number, target: number) => {
    if (target < now) fail(index, `cannot go back in time to ${new Date(target).toISOString()}`);
    // Deadlines fire one by one at their due instants (what fireDueDeadlines does), traced.
    for (let next = nextDeadline(state!); next && next.dueMs <= target; next = nextDeadline(state!)) {
      now = Math.max(now, next.dueMs);
      record(applyTraced(state!, { type: 'timer-fired', deadlineId: next.deadlineId }, next.dueMs));
    }
    now = target;
  };

  try {
    try {
      record(startCase(definition, { caseId: `scenario-${scenario.name}`, data: scenario.data ?? {} }, now));
    } catch (error) {
      fail(0, `the case could not start: ${(error as Error).message}`);
    }
    scenario.steps.forEach((step, i) => runStep(i + 1, step));
    checkFinal();
  } catch (error) {
    if (!(error instanceof ScenarioAbort))
      report.failures.push({ step: 0, message: `interpreter error: ${(error as Error).message}` });
  }
  report.passed = report.failures.length === 0;
  report.outcome = state?.outcome?.id;
  report.status = state?.status;
  report.finalState = state;
  return report;

  function actor(index: number, id: string): Actor {
    const declared = scenario.actors?.[id];
    if (!declared) return fail(index, `actor "${id}" is not declared in the scenario`);
    return {
      id,
      roles: declared.roles,
      ...(declared.department ? { department: declared.department } : {}),
      kind: 'staff',
    };
  }

  function runStep(index: number, step: ScenarioStepDocument): void {
    if ('act' in step) {
      const act = step.act;
      apply(index, { type: 'staff-action', ...scenarioAction(act, actor(index, act.by)) }, act.expectRejected);
    } else if ('advance' in step) {
      const target = advanceTarget(definition, step.advance, now);
      if (!target.ok) return fail(index, target.message);
      advanceTo(index, target.at);
    } else if ('advanceTo' in step) {
      const target = Date.parse(step.advanceTo);
      if (Number.isNaN(target)) fail(index, `"${step.advanceTo}" is not an instant`);
      advanceTo(index, target);
    } else if ('event' in step) {
      advanceTo(index, now);
      apply(
        index,
        { type: 'external-event', event: step.event.type, ...(step.event.data ? { data: step.event.data } : {}) },
        step.event.expectRejected,
      );
    } else if ('pauseClock' in step) {
      apply(index, { type: 'pause-clock', reason: step.pauseClock.reason }, step.pauseClock.expectRejected);
    } else if ('resumeClock' in step) {
      apply(index, { type: 'resume-clock' }, step.resumeClock?.expectRejected);
    } else if ('extendClock' in step) {
      apply(
        index,
        {
          type: 'extend-clock',
          by: step.extendClock.by,
          ...(step.extendClock.reason ? { reason: step.extendClock.reason } : {}),
        },
        step.extendClock.expectRejected,
      );
    } else if ('withdraw' in step) {
      apply(index, { type: 'withdraw' }, step.withdraw?.expectRejected);
    } else if ('reopen' in step) {
      apply(index, { type: 'reopen' }, step.reopen?.expectRejected);
    } else if ('cancel' in step) {
      apply(
        index,
        {
          type: 'cancel',
          actor: actor(index, step.cancel.by),
          ...(step.cancel.comment ? { comment: step.cancel.comment } : {}),
        },
        step.cancel.expectRejected,
      );
    } else if ('expect' in step) {
      checkpoint(index, step.expect);
    } else {
      fail(index, `unknown scenario step ${JSON.stringify(step)}`);
    }
  }

  function checkpoint(index: number, expect: Extract<ScenarioStepDocument, { expect: unknown }>['expect']): void {
    const current = state!;
    if (expect.steps) {
      const on = current.active
        .filter((a) => a.type !== 'parallel')
        .map((a) => a.stepId)
        .sort();
      const want = [...expect.steps].sort();
      if (JSON.stringify(on) !== JSON.stringify(want))
        fail(index, `expected the case on [${want.join(', ')}], it is on [${on.join(', ')}]`);
    }
    if (expect.status !== undefined && current.status !== expect.status)
      fail(index, `expected status "${expect.status}", it is "${current.status ?? ''}"`);
    if (expect.priority !== undefined && current.priority !== expect.priority)
      fail(index, `expected priority "${expect.priority}", it is "${current.priority}"`);
    if (expect.assignedRole !== undefined) {
      const roles = current.active.filter((a) => a.type === 'human').map((a) => a.role);
      if (!roles.includes(expect.assignedRole))
        fail(index, `expected a task for role "${expect.assignedRole}", tasks are for [${roles.join(', ')}]`);
    }
    checkEvents(index, expect.events, expect.absent, 'so far ');
  }

  function checkEvents(
    index: number,
    events: readonly ScenarioEventDocument[] | undefined,
    absent: readonly ScenarioEventDocument[] | undefined,
    when: string,
  ): void {
    const timeline = report.timeline.map((item) => item.entry);
    const [first] = eventMismatches(timeline, events ?? [], absent ?? []);
    if (first?.kind === 'missing') {
      const near = first.wanted.at
        ? timeline.find((entry) => matches(entry, { ...first.wanted, at: undefined }))
        : undefined;
      fail(
        index,
        `expected event ${describeExpected(first.wanted)} ${first.afterPrevious ? 'after the previous expected event ' : ''}did not occur ${when}${near ? `(it occurred at ${near.at})` : ''}`.trimEnd(),
      );
    } else if (first) {
      fail(
        index,
        `event ${describeExpected(first.wanted)} occurred at ${first.at} but should not have ${when}`.trimEnd(),
      );
    }
  }

  function checkFinal(): void {
    const current = state!;
    const expect = scenario.expect;
    if (expect.outcome !== undefined && current.outcome?.id !== expect.outcome)
      fail(0, `expected outcome "${expect.outcome}", got "${current.outcome?.id ?? '(still open)'}"`);
    if (expect.open !== undefined && (current.lifecycle === 'open') !== expect.open)
      fail(0, `expected the case ${expect.open ? 'open' : 'closed'}, it is ${current.lifecycle}`);
    if (expect.status !== undefined && current.status !== expect.status)
      fail(0, `expected final status "${expect.status}", got "${current.status ?? ''}"`);
    checkEvents(0, expect.events, expect.absent, '');
  }
}

type ScenarioAct = Extract<ScenarioStepDocument, { act: unknown }>['act'];

/** A scenario's `act` as the staff action the interpreter (or the workflow's signal) takes. */
export function scenarioAction(
  act: ScenarioAct,
  by: Actor,
): { actor: Actor; step: string; action: string; data?: Record<string, JsonValue>; comment?: string } {
  return {
    actor: by,
    step: act.step,
    action: act.action,
    ...(act.data ? { data: act.data } : {}),
    ...(act.comment ? { comment: act.comment } : {}),
  };
}

/** Where an `advance` step takes the clock: the duration on from `nowMs`, in the definition's default calendar's working time. */
export function advanceTarget(
  definition: CompiledDefinition,
  duration: string,
  nowMs: number,
): { ok: true; at: number } | { ok: false; message: string } {
  const parsed = parseDuration(duration);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const calendar = definition.defaultCalendar ? definition.calendars[definition.defaultCalendar] : undefined;
  return { ok: true, at: addDuration(parsed.duration, nowMs, calendar) };
}

export function matches(entry: AuditEntry, wanted: ScenarioEventDocument): boolean {
  return (
    entry.type === wanted.type &&
    (wanted.step === undefined || entry.step === wanted.step) &&
    (wanted.level === undefined || entry.level === wanted.level) &&
    (wanted.template === undefined || entry.template === wanted.template) &&
    (wanted.at === undefined || Date.parse(entry.at) === Date.parse(wanted.at))
  );
}

export type EventMismatch =
  | { kind: 'missing'; wanted: ScenarioEventDocument; afterPrevious: boolean }
  | { kind: 'unwanted'; wanted: ScenarioEventDocument; at: string };

/**
 * How a timeline departs from a scenario's expected events: each of `events` must occur after the one
 * before it (a missing one is passed over), none of `absent` may occur. In that order; empty when it agrees.
 * The simulator stops at the first; the workflow scenario tests (test/case) list them all.
 */
export function eventMismatches(
  timeline: readonly AuditEntry[],
  events: readonly ScenarioEventDocument[],
  absent: readonly ScenarioEventDocument[],
): EventMismatch[] {
  const mismatches: EventMismatch[] = [];
  let from = 0;
  for (const wanted of events) {
    const found = timeline.findIndex((entry, i) => i >= from && matches(entry, wanted));
    if (found < 0) mismatches.push({ kind: 'missing', wanted, afterPrevious: from > 0 });
    else from = found + 1;
  }
  for (const unwanted of absent) {
    const found = timeline.find((entry) => matches(entry, unwanted));
    if (found) mismatches.push({ kind: 'unwanted', wanted: unwanted, at: found.at });
  }
  return mismatches;
}

export function describeExpected(wanted: ScenarioEventDocument): string {
  return [
    wanted.type,
    wanted.step && `step=${wanted.step}`,
    wanted.level !== undefined && `level=${wanted.level}`,
    wanted.template && `template=${wanted.template}`,
    wanted.at && `at=${wanted.at}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function describeEvent(event: CaseEvent): string {
  switch (event.type) {
    case 'staff-action':
      return `action ${event.step}/${event.action} by ${event.actor.id}`;
    case 'external-event':
      return `event ${event.event}`;
    case 'cancel':
      return `cancellation by ${event.actor.id}`;
    default:
      return event.type;
  }
}

/** Scenarios of a definition, optionally just one by name. */
export function runScenarios(
  definition: CompiledDefinition,
  only?: string,
  options: RunOptions = {},
): ScenarioReport[] {
  return definition.scenarios
    .filter((s) => only === undefined || s.name === only)
    .map((s) => runScenario(definition, s, options));
}
