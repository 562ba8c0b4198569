/**
 * The pure interpreter: (definition, case state, event, now) → (new state, commands).
 * No I/O, no clock, no randomness; the state is plain JSON. Runs inside Temporal's workflow sandbox.
 */
import type { CompiledDefinition, JsonValue } from '../domain/definition';
import type {
  ActiveStep,
  AuditEntry,
  CaseEvent,
  CaseInput,
  CaseState,
  CaseStepResult,
  DeadlinePurpose,
} from './case-model';
import { CASE_STATE_VERSION } from './case-model';
import {
  checkActor,
  checkEligible,
  checkSeparation,
  conditionHolds,
  hasValue,
  isActionOffered,
  isDepartmentStaff,
} from './human-task-rules';
import { fireSlaBreach, fireSlaEscalation, fireSlaWarning } from './sla-timers';
import {
  extendClock,
  fireClockDue,
  fireClockWarning,
  pauseClock,
  reconsiderClockLimit,
  resumeClock,
  startClock,
} from './statutory-clock';
import { startDataProblems, writeDataProblems } from './case-data-rules';
import { eventShapeProblem } from './event-shape';
import { enterStep, finishCase, findActive, goNext, leaveStep, parentOf, runActivity } from './step-flow';
import { InterpreterError, RejectEvent, Transition, reject, toIso, toMs } from './transition';

const RECENT_EVENT_IDS = 64;

/** Case input the interpreter cannot start from (the API validates earlier; this is the last guard). */
export class CaseInputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_FIELD' | 'REQUIRED_FIELD_MISSING' | 'BAD_CASE_ID',
    message: string,
  ) {
    super(message);
    this.name = 'CaseInputError';
  }
}

function checkDefinition(definition: CompiledDefinition, state: CaseState): void {
  if (state.definition.id !== definition.id || state.definition.hash !== definition.hash) {
    throw new InterpreterError(
      'DEFINITION_MISMATCH',
      `case ${state.caseId} runs ${state.definition.id}@${state.definition.version} (${state.definition.hash.slice(0, 12)}), not ${definition.id}@${definition.version}`,
    );
  }
}

/** Creates a case: the initial state, the clock if it starts at creation, and the first step. */
export function startCase(
  definition: CompiledDefinition,
  input: CaseInput,
  nowMs: number,
): CaseStepResult & { outcome: 'accepted' } {
  if (typeof input.caseId !== 'string' || input.caseId === '')
    throw new CaseInputError('BAD_CASE_ID', 'a case needs an id');
  if (!Number.isFinite(nowMs))
    throw new InterpreterError('BAD_STATE', `"now" must be epoch milliseconds, got ${String(nowMs)}`);
  const problems = startDataProblems(definition, input.data);
  const unknown = problems.find((p) => p.code === 'UNKNOWN_FIELD');
  if (unknown) throw new CaseInputError('UNKNOWN_FIELD', unknown.message);
  if (problems.length > 0)
    throw new CaseInputError(
      'REQUIRED_FIELD_MISSING',
      `missing required case data: ${problems.map((p) => p.field).join(', ')}`,
    );
  const data: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(input.data ?? {})) if (value !== undefined) data[field] = value;
  const now = toIso(nowMs);
  const initial: CaseState = {
    stateVersion: CASE_STATE_VERSION,
    caseId: input.caseId,
    definition: { id: definition.id, version: definition.version, hash: definition.hash },
    lifecycle: 'open',
    priority: input.priority ?? definition.defaultPriority,
    data,
    createdAt: now,
    updatedAt: now,
    sequence: 0,
    nextToken: 0,
    active: [],
    completions: {},
    deadlines: {},
    documents: [],
    commentCount: 0,
    recentEventIds: [],
  };
  const tx = new Transition(definition, initial, nowMs, input.actor);
  tx.audit({
    type: 'case-created',
    detail: { definition: `${definition.id}@${definition.version}`, hash: definition.hash },
  });
  if (!definition.statutoryClock || definition.statutoryClock.startsAt.kind === 'created') startClock(tx);
  enterStep(tx, definition.start, undefined);
  tx.dataChanged = false;
  return { outcome: 'accepted', state: tx.state, commands: tx.commands };
}

/** Applies one event to a case. A rejected event leaves the state untouched (the same object is returned). */
export function applyCaseEvent(
  definition: CompiledDefinition,
  state: CaseState,
  event: CaseEvent,
  nowMs: number,
): CaseStepResult {
  checkDefinition(definition, state);
  if (!Number.isFinite(nowMs))
    throw new InterpreterError('BAD_STATE', `"now" must be epoch milliseconds, got ${String(nowMs)}`);
  const malformed = eventShapeProblem(event);
  if (malformed) return { outcome: 'rejected', state, commands: [], rejection: malformed };
  if (event.eventId && state.recentEventIds.includes(event.eventId)) {
    return { outcome: 'ignored', state, commands: [], reason: `event ${event.eventId} was already applied` };
  }
  if (event.type === 'timer-fired' && !state.deadlines[event.deadlineId]) {
    return { outcome: 'ignored', state, commands: [], reason: `deadline ${event.deadlineId} is not armed` };
  }
  const actor = 'actor' in event ? event.actor : undefined;
  const tx = new Transition(definition, state, Math.max(nowMs, toMs(state.updatedAt)), actor);
  try {
    handle(tx, event);
    if (tx.dataChanged) reconsiderClockLimit(tx);
  } catch (error) {
    if (error instanceof RejectEvent)
      return { outcome: 'rejected', state, commands: [], rejection: error.toRejection() };
    throw error;
  }
  if (event.eventId) tx.state.recentEventIds = [...tx.state.recentEventIds, event.eventId].slice(-RECENT_EVENT_IDS);
  return { outcome: 'accepted', state: tx.state, commands: tx.commands };
}

function requireOpen(tx: Transition): void {
  if (tx.state.lifecycle !== 'open')
    reject('CASE_CLOSED', `case ${tx.state.caseId} is closed (${tx.state.outcome?.id ?? 'no outcome'})`);
}

function activeStep(tx: Transition, stepId: string): ActiveStep {
  return (
    findActive(tx, stepId) ??
    reject(
      'STEP_NOT_ACTIVE',
      `the case is not on step "${stepId}" (it is on ${tx.state.active.map((a) => a.stepId).join(', ') || 'no step'})`,
    )
  );
}

function humanTask(tx: Transition, stepId: string) {
  const active = activeStep(tx, stepId);
  const step = tx.definition.steps[active.stepId];
  if (!step || step.type !== 'human') reject('NOT_A_HUMAN_TASK', `step "${stepId}" is not a human task`);
  return { active, step };
}

function orReject(rejection: { code: Parameters<typeof reject>[0]; reason: string } | undefined): void {
  if (rejection) reject(rejection.code, rejection.reason);
}

function writeFields(
  tx: Transition,
  data: Record<string, JsonValue> | undefined,
  allowed: readonly string[],
  where: string,
): string[] {
  const problem = writeDataProblems(tx.definition, data, allowed, where)[0];
  if (problem) reject(problem.code, problem.message);
  const written: string[] = [];
  for (const [field, value] of Object.entries(data ?? {})) {
    if (value === undefined) continue;
    tx.setData(field, value);
    written.push(field);
  }
  return written;
}

function handle(tx: Transition, event: CaseEvent): void {
  switch (event.type) {
    case 'staff-action': {
      requireOpen(tx);
      const { active, step } = humanTask(tx, event.step);
      const action =
        step.actions[event.action] ??
        reject(
          'UNKNOWN_ACTION',
          `step "${step.id}" has no action "${event.action}" (${Object.keys(step.actions).join(', ')})`,
        );
      orReject(checkActor(tx.definition, tx.state, active, step, event.actor));
      if (!isActionOffered(action, tx.state.data))
        reject('ACTION_NOT_AVAILABLE', `"${action.id}" is not available: ${action.when?.source ?? ''} does not hold`);
      const written = writeFields(tx, event.data, [...step.form, ...action.requires], `action "${action.id}"`);
      for (const [field, value] of Object.entries(action.set)) tx.setData(field, value);
      const missing = action.requires.filter((field) => !hasValue(tx.state.data[field]));
      if (missing.length > 0) reject('REQUIRED_FIELD_MISSING', `"${action.id}" needs ${missing.join(', ')}`);
      const comment = event.comment?.trim();
      if (action.requiresComment && !comment)
        reject('COMMENT_REQUIRED', `"${action.id}" needs a comment stating the reasons`);
      tx.state.completions[step.id] = { by: event.actor.id, at: tx.now, action: action.id };
      if (comment) tx.state.commentCount += 1;
      tx.audit({
        type: 'action-taken',
        step: step.id,
        token: active.token,
        action: action.id,
        ...(comment ? { reason: comment } : {}),
        detail: { fields: written, next: action.next },
      });
      tx.owner = {
        userId: event.actor.id,
        ...(active.role ? { role: active.role } : {}),
        ...(active.department ? { department: active.department } : {}),
      };
      leaveStep(tx, active);
      goNext(tx, action.next, parentOf(active));
      return;
    }
    case 'claim': {
      requireOpen(tx);
      const { active, step } = humanTask(tx, event.step);
      orReject(checkActor(tx.definition, tx.state, active, step, event.actor));
      if (active.assignee === event.actor.id) return;
      active.assignee = event.actor.id;
      tx.audit({ type: 'task-claimed', step: step.id, token: active.token });
      return;
    }
    case 'assign': {
      requireOpen(tx);
      const { active, step } = humanTask(tx, event.step);
      if (!isDepartmentStaff(tx.definition, active, event.actor)) {
        reject(
          'DEPARTMENT_NOT_ALLOWED',
          `${event.actor.id} is not staff of department "${active.department}" and cannot assign its tasks`,
        );
      }
      const problem =
        checkEligible(tx.definition, active, event.assignee) ?? checkSeparation(tx.state, step, event.assignee);
      if (problem) reject('ASSIGNEE_NOT_ELIGIBLE', problem.reason);
      const from = active.assignee ?? null;
      active.assignee = event.assignee.id;
      tx.audit({ type: 'task-assigned', step: step.id, token: active.token, detail: { from, to: event.assignee.id } });
      tx.notify('task-assigned', true, [{ kind: 'user', userId: event.assignee.id }], step.id, { step: step.id });
      return;
    }
    case 'release': {
      requireOpen(tx);
      const { active, step } = humanTask(tx, event.step);
      if (active.assignee !== event.actor.id && !isDepartmentStaff(tx.definition, active, event.actor)) {
        reject('ASSIGNED_TO_OTHER', `step "${step.id}" is assigned to ${active.assignee ?? 'nobody'}`);
      }
      if (!active.assignee) return;
      tx.audit({ type: 'task-released', step: step.id, token: active.token, detail: { from: active.assignee } });
      delete active.assignee;
      return;
    }
    case 'comment': {
      if (!event.text?.trim()) reject('INVALID_EVENT', 'a comment needs text');
      tx.state.commentCount += 1;
      tx.audit({ type: 'comment-added', detail: { text: event.text } });
      return;
    }
    case 'document-attached': {
      if (!event.documentId) reject('INVALID_EVENT', 'a document needs an id');
      tx.state.documents.push({
        id: event.documentId,
        ...(event.name ? { name: event.name } : {}),
        at: tx.now,
        ...(event.actor ? { by: event.actor.id } : {}),
      });
      tx.audit({ type: 'document-attached', detail: { documentId: event.documentId, name: event.name ?? null } });
      return;
    }
    case 'external-event': {
      requireOpen(tx);
      const declared =
        tx.definition.events[event.event] ??
        reject('UNKNOWN_EVENT', `"${event.event}" is not an event of this process`);
      const written = writeFields(tx, event.data, declared.fields, `event "${event.event}"`);
      tx.audit({ type: 'event-received', detail: { event: event.event, fields: written } });
      for (const active of tx.state.active) {
        const step = tx.definition.steps[active.stepId];
        if (!step || step.type !== 'wait') continue;
        const match = step.on.find((on) => on.event === event.event && conditionHolds(on.when, tx.state.data));
        if (!match) continue;
        leaveStep(tx, active);
        goNext(tx, match.next, parentOf(active));
        return;
      }
      return;
    }
    case 'pause-clock':
      requireOpen(tx);
      pauseClock(tx, event.reason);
      return;
    case 'resume-clock':
      requireOpen(tx);
      resumeClock(tx, event.reason);
      return;
    case 'extend-clock':
      requireOpen(tx);
      extendClock(tx, event.by, event.reason);
      return;
    case 'withdraw': {
      requireOpen(tx);
      const withdrawal =
        tx.definition.withdrawal ?? reject('WITHDRAWAL_NOT_ALLOWED', 'this process cannot be withdrawn');
      tx.audit({ type: 'case-withdrawn', ...(event.reason ? { reason: event.reason } : {}) });
      finishCase(tx, withdrawal.outcome, undefined, undefined, withdrawal.status);
      return;
    }
    case 'cancel': {
      requireOpen(tx);
      const cancellation =
        tx.definition.cancellation ?? reject('CANCELLATION_NOT_ALLOWED', 'this process cannot be cancelled by staff');
      if (!(event.actor.roles ?? []).some((role) => cancellation.roles.includes(role))) {
        reject(
          'ROLE_NOT_ALLOWED',
          `cancelling needs one of the roles ${cancellation.roles.join(', ')}; ${event.actor.id} has ${(event.actor.roles ?? []).join(', ') || 'no roles'}`,
        );
      }
      const comment = event.comment?.trim();
      if (cancellation.requiresComment && !comment)
        reject('COMMENT_REQUIRED', 'cancelling a case needs a comment stating the reason');
      if (comment) tx.state.commentCount += 1;
      tx.audit({ type: 'case-cancelled', ...(comment ? { reason: comment } : {}) });
      finishCase(tx, cancellation.outcome, undefined, undefined, cancellation.status);
      return;
    }
    case 'reopen': {
      if (tx.state.lifecycle === 'open') reject('CASE_OPEN', 'the case is still open');
      const reopen =
        tx.state.reopen ??
        reject('REOPEN_NOT_ALLOWED', `a case that ended as "${tx.state.outcome?.id}" cannot be reopened`);
      if (tx.nowMs > toMs(reopen.until))
        reject('REOPEN_WINDOW_CLOSED', `the case could be reopened until ${reopen.until}`);
      tx.audit({
        type: 'case-reopened',
        ...(event.reason ? { reason: event.reason } : {}),
        detail: { previousOutcome: tx.state.outcome?.id ?? null },
      });
      tx.state.lifecycle = 'open';
      delete tx.state.outcome;
      delete tx.state.reopen;
      enterStep(tx, reopen.next, undefined);
      return;
    }
    case 'timer-fired':
      fireDeadline(tx, event.deadlineId);
      return;
    case 'automated-completed': {
      requireOpen(tx);
      const active = activeStep(tx, event.step);
      const step = tx.definition.steps[active.stepId];
      if (!step || step.type !== 'automated' || step.task.kind !== 'activity')
        reject('NOT_AN_AUTOMATED_STEP', `step "${event.step}" does not run an activity`);
      // Activities may only set the fields the definition lets them set; anything else is dropped.
      const output = Object.fromEntries(
        Object.entries(event.output ?? {}).filter(([field]) =>
          (step.task.kind === 'activity' ? step.task.output : []).includes(field),
        ),
      );
      for (const [field, value] of Object.entries(output)) tx.setData(field, value);
      leaveStep(tx, active);
      goNext(tx, step.next, parentOf(active));
      return;
    }
    case 'automated-failed': {
      requireOpen(tx);
      const active = activeStep(tx, event.step);
      const step = tx.definition.steps[active.stepId];
      if (!step || step.type !== 'automated') reject('NOT_AN_AUTOMATED_STEP', `step "${event.step}" is not automated`);
      tx.audit({
        type: 'activity-failed',
        step: step.id,
        token: active.token,
        reason: event.error,
        detail: { attempt: active.attempt ?? 1, onFailure: step.onFailure ?? null },
      });
      if (step.onFailure) {
        leaveStep(tx, active);
        goNext(tx, step.onFailure, parentOf(active));
      } else {
        active.incident = event.error || 'failed';
      }
      return;
    }
    case 'retry-automated': {
      requireOpen(tx);
      const active = activeStep(tx, event.step);
      if (active.type !== 'automated' || !active.incident)
        reject('NO_INCIDENT', `step "${event.step}" has no failed activity to retry`);
      delete active.incident;
      active.attempt = (active.attempt ?? 1) + 1;
      runActivity(tx, active);
      return;
    }
    default: {
      const unknown: never = event;
      reject('INVALID_EVENT', `unknown event type ${JSON.stringify((unknown as { type?: unknown }).type)}`);
    }
  }
}

function fireDeadline(tx: Transition, deadlineId: string): void {
  const deadline = tx.state.deadlines[deadlineId];
  delete tx.state.deadlines[deadlineId];
  if (deadline.purpose === 'clock-warning') return fireClockWarning(tx);
  if (deadline.purpose === 'clock-due') return fireClockDue(tx);
  const active = tx.state.active.find((a) => a.token === deadline.token);
  if (!active) return;
  switch (deadline.purpose) {
    case 'sla-warning':
      return fireSlaWarning(tx, active);
    case 'sla-escalation':
      return fireSlaEscalation(tx, active, deadline.level ?? 1);
    case 'sla-breach':
      return fireSlaBreach(tx, active);
    case 'wait-timeout': {
      const step = tx.definition.steps[active.stepId];
      if (!step || step.type !== 'wait' || !step.timeout) return;
      tx.audit({ type: 'timeout', step: step.id, token: active.token });
      leaveStep(tx, active);
      goNext(tx, step.timeout.next, parentOf(active));
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Deadlines: helpers for the workflow loop and the simulator.
// ---------------------------------------------------------------------------------------------------

const PURPOSE_ORDER: Record<DeadlinePurpose, number> = {
  'sla-warning': 0,
  'sla-escalation': 1,
  'sla-breach': 2,
  'clock-warning': 3,
  'clock-due': 4,
  'wait-timeout': 5,
};

/** The armed deadline that falls due first (ties: warnings before escalations before breaches before timeouts). */
export function nextDeadline(state: CaseState): { deadlineId: string; dueAt: string; dueMs: number } | undefined {
  let best: { deadlineId: string; dueAt: string; dueMs: number; rank: number; level: number } | undefined;
  for (const [deadlineId, deadline] of Object.entries(state.deadlines)) {
    const dueMs = toMs(deadline.dueAt);
    const rank = PURPOSE_ORDER[deadline.purpose];
    const level = deadline.level ?? 0;
    if (
      !best ||
      dueMs < best.dueMs ||
      (dueMs === best.dueMs &&
        (rank < best.rank ||
          (rank === best.rank && (level < best.level || (level === best.level && deadlineId < best.deadlineId)))))
    ) {
      best = { deadlineId, dueAt: deadline.dueAt, dueMs, rank, level };
    }
  }
  return best && { deadlineId: best.deadlineId, dueAt: best.dueAt, dueMs: best.dueMs };
}

/**
 * A deadline handled late (the platform was down when it fell due): its audit entries say when it
 * really happened (`at`) and which deadline it was for (`deadlineAt`). The case state keeps
 * the due instant, so later deadlines are computed as if it had fired on time.
 */
function recordedLate(result: CaseStepResult, dueAt: string, firedAtMs: number): CaseStepResult {
  if (result.outcome !== 'accepted') return result;
  const at = toIso(firedAtMs);
  return {
    ...result,
    commands: result.commands.map((command) =>
      command.type === 'audit' ? { ...command, entry: { ...command.entry, at, deadlineAt: dueAt } } : command,
    ),
  };
}

/**
 * Fires, in order, every deadline due at or before `untilMs`, each at its own due instant. With
 * `lateAfterMs` (the workflow, on real time), a deadline handled more than that after its due instant
 * is recorded at `untilMs`, when it really happened, with the deadline it was for; without it (the
 * simulator, on virtual time) every deadline is recorded at its due instant. Returns every step's result.
 */
export function fireDueDeadlines(
  definition: CompiledDefinition,
  state: CaseState,
  untilMs: number,
  options: { lateAfterMs?: number } = {},
): { state: CaseState; results: CaseStepResult[] } {
  const results: CaseStepResult[] = [];
  let current = state;
  for (let guard = 0; guard < 10_000; guard++) {
    const next = nextDeadline(current);
    if (!next || next.dueMs > untilMs) break;
    const result = applyCaseEvent(
      definition,
      current,
      { type: 'timer-fired', deadlineId: next.deadlineId },
      next.dueMs,
    );
    const late = options.lateAfterMs !== undefined && untilMs - next.dueMs > options.lateAfterMs;
    results.push(late ? recordedLate(result, next.dueAt, untilMs) : result);
    current = result.state;
  }
  return { state: current, results };
}

/** The audit entry for a rejected event, so the workflow and the simulator record rejections alike. */
export function rejectionAuditEntry(
  event: CaseEvent,
  rejection: { code: string; reason: string },
  nowMs: number,
): AuditEntry {
  // The event may be malformed (that can be why it was rejected): read it defensively.
  const raw: Record<string, unknown> =
    typeof event === 'object' && event !== null ? (event as unknown as Record<string, unknown>) : {};
  const actorValue = raw.actor as { id?: unknown } | undefined;
  const actor =
    typeof actorValue === 'object' && actorValue !== null && typeof actorValue.id === 'string'
      ? actorValue.id
      : undefined;
  return {
    type: 'action-rejected',
    at: toIso(nowMs),
    ...(actor ? { actor } : {}),
    ...(typeof raw.step === 'string' ? { step: raw.step } : {}),
    ...(raw.type === 'staff-action' && typeof raw.action === 'string' ? { action: raw.action } : {}),
    reason: rejection.reason,
    detail: { code: rejection.code, event: typeof raw.type === 'string' ? raw.type : null },
  };
}
