/**
 * Moving a case through its steps: entering a step (and everything automatic that follows), leaving
 * one, parallel branches and their join, and finishing the case.
 */
import { JOIN, type CompiledEndStep, type JsonValue } from '../domain/definition';
import { evaluateCondition } from '../domain/expressions';
import type { ActiveStep } from './case-model';
import { addDuration } from './durations';
import { armSla } from './sla-timers';
import { isClockRunning, pauseClock, resumeIfPausedBy, startClock, stopClock } from './statutory-clock';
import { InterpreterError, Transition, toIso } from './transition';

export interface BranchRef {
  token: string;
  branch: string;
}

export const waitTimeoutId = (token: string): string => `wait:${token}:timeout`;

export function parentOf(active: ActiveStep): BranchRef | undefined {
  return active.parent && active.branch ? { token: active.parent, branch: active.branch } : undefined;
}

export function findActive(tx: Transition, stepId: string): ActiveStep | undefined {
  return tx.state.active.find((a) => a.stepId === stepId);
}

export function enterStep(tx: Transition, stepId: string, parent: BranchRef | undefined): void {
  tx.step();
  const step = tx.definition.steps[stepId];
  if (!step)
    throw new InterpreterError(
      'UNKNOWN_STEP',
      `step "${stepId}" is not in definition ${tx.definition.id}@${tx.definition.version}`,
    );
  const clock = tx.definition.statutoryClock;
  if (clock?.startsAt.kind === 'step' && clock.startsAt.step === stepId) startClock(tx);

  if (step.type === 'choice') {
    tx.audit({ type: 'step-entered', step: stepId });
    tx.setStatus(step.status);
    let next = step.default;
    let matched: string | null = null;
    const errors: JsonValue[] = [];
    for (const choice of step.choices) {
      const result = evaluateCondition(choice.when, tx.state.data);
      if (!result.ok) errors.push(`${choice.when.source}: ${result.message}`);
      if (result.ok && result.value) {
        next = choice.next;
        matched = choice.when.source;
        break;
      }
    }
    tx.audit({
      type: 'choice-evaluated',
      step: stepId,
      detail: { matched, next, ...(errors.length ? { errors } : {}) },
    });
    tx.audit({ type: 'step-completed', step: stepId, detail: { next } });
    goNext(tx, next, parent);
    return;
  }
  if (step.type === 'end') {
    tx.audit({ type: 'step-entered', step: stepId });
    finishCase(tx, step.outcome, step.retention, step);
    return;
  }

  const token = tx.newToken();
  tx.audit({ type: 'step-entered', step: stepId, token });
  tx.setStatus(step.status);
  const active: ActiveStep = {
    token,
    stepId,
    type: step.type,
    enteredAt: tx.now,
    ...(parent ? { parent: parent.token, branch: parent.branch } : {}),
  };

  if (step.type === 'automated' && step.task.kind === 'notify') {
    tx.notify(
      step.task.template,
      false,
      step.task.to.map((r) => tx.recipient(r)),
      stepId,
      {},
    );
    tx.audit({ type: 'step-completed', step: stepId, token });
    goNext(tx, step.next, parent);
    return;
  }

  tx.state.active.push(active);
  if (step.pausesClock && isClockRunning(tx.state.clock)) {
    pauseClock(tx, step.pausesClock, token);
    active.pausedClock = true;
  }
  switch (step.type) {
    case 'human':
      active.role = step.role;
      active.department = step.department;
      active.priority = step.priority ?? tx.state.priority;
      armSla(tx, active, step.sla);
      break;
    case 'wait':
      // Whoever sent the case to wait follows it up: SLA notices for "assignee"/"supervisor" go to them.
      {
        // The definition may name the follow-up role; otherwise whoever sent the case to wait follows it up.
        const owner = tx.owner ?? lastCompletion(tx);
        if (step.role) {
          active.role = step.role;
          active.department = step.department ?? tx.definition.roles[step.role]?.department;
          if (owner && owner.role === step.role) active.assignee = owner.userId;
        } else if (owner) {
          active.assignee = owner.userId;
          if (owner.role) active.role = owner.role;
          if (owner.department) active.department = owner.department;
        }
      }
      armSla(tx, active, step.sla);
      if (step.timeout) {
        const at = addDuration(step.timeout.after, tx.nowMs, tx.calendar(step.timeout.calendar));
        active.timeoutAt = toIso(at);
        tx.arm(waitTimeoutId(token), at, 'wait-timeout', { token, step: stepId });
      }
      break;
    case 'automated':
      if (step.task.kind === 'activity') {
        active.attempt = 1;
        runActivity(tx, active);
      }
      break;
    case 'parallel':
      active.branches = Object.fromEntries(Object.keys(step.branches).map((b) => [b, 'running' as const]));
      for (const branch of Object.values(step.branches)) {
        // A branch that completes at once may already have satisfied the join.
        if (!tx.state.active.some((a) => a.token === token)) break;
        enterStep(tx, branch.start, { token, branch: branch.id });
      }
      break;
  }
}

/** The person who last completed a human task, and that task's role (e.g. after an automated step). */
function lastCompletion(tx: Transition): Transition['owner'] {
  let latest: { stepId: string; by: string; at: string } | undefined;
  for (const [stepId, completion] of Object.entries(tx.state.completions)) {
    if (!latest || completion.at > latest.at) latest = { stepId, by: completion.by, at: completion.at };
  }
  if (!latest) return undefined;
  const step = tx.definition.steps[latest.stepId];
  return step?.type === 'human'
    ? { userId: latest.by, role: step.role, department: step.department }
    : { userId: latest.by };
}

export function runActivity(tx: Transition, active: ActiveStep): void {
  const step = tx.definition.steps[active.stepId];
  if (!step || step.type !== 'automated' || step.task.kind !== 'activity') return;
  const input: Record<string, JsonValue> = {};
  for (const field of step.task.input) input[field] = tx.state.data[field] ?? null;
  const retry = step.retry;
  tx.emit({
    type: 'run-activity',
    activity: step.task.activity,
    ...(step.task.connection !== undefined ? { connection: step.task.connection } : {}),
    step: step.id,
    token: active.token,
    input,
    retry: {
      maxAttempts: retry.maxAttempts,
      initialIntervalMs: addDuration(retry.initialInterval, 0, undefined),
      backoff: retry.backoff,
    },
  });
  tx.audit({
    type: 'activity-run',
    step: step.id,
    token: active.token,
    detail: {
      activity: step.task.activity,
      ...(step.task.connection !== undefined ? { connection: step.task.connection } : {}),
      attempt: active.attempt ?? 1,
    },
  });
}

/** Takes a step off the case: its deadlines are cancelled and a clock pause it caused ends. */
export function leaveStep(tx: Transition, active: ActiveStep, audit = true): void {
  tx.state.active = tx.state.active.filter((a) => a.token !== active.token);
  tx.cancelWhere((_id, token) => token === active.token);
  if (active.pausedClock) resumeIfPausedBy(tx, active.token);
  if (audit) tx.audit({ type: 'step-completed', step: active.stepId, token: active.token });
}

export function goNext(tx: Transition, next: string, parent: BranchRef | undefined): void {
  if (next === JOIN) branchCompleted(tx, parent);
  else enterStep(tx, next, parent);
}

function descendants(tx: Transition, token: string): ActiveStep[] {
  const children = tx.state.active.filter((a) => a.parent === token);
  return children.flatMap((child) => [child, ...descendants(tx, child.token)]);
}

function branchCompleted(tx: Transition, parent: BranchRef | undefined): void {
  if (!parent) throw new InterpreterError('DEFINITION_MISMATCH', `"${JOIN}" reached outside a parallel branch`);
  const parallel = tx.state.active.find((a) => a.token === parent.token);
  if (!parallel?.branches) return; // already joined: a late branch of an "any" or quorum join
  const step = tx.definition.steps[parallel.stepId];
  if (!step || step.type !== 'parallel')
    throw new InterpreterError('DEFINITION_MISMATCH', `step "${parallel.stepId}" is not a parallel step`);
  parallel.branches[parent.branch] = 'done';
  tx.audit({
    type: 'branch-completed',
    step: parallel.stepId,
    token: parallel.token,
    detail: { branch: parent.branch },
  });
  const done = Object.values(parallel.branches).filter((s) => s === 'done').length;
  const total = Object.keys(parallel.branches).length;
  const joined =
    step.join.kind === 'all' ? done === total : step.join.kind === 'any' ? done >= 1 : done >= step.join.quorum;
  if (!joined) return;
  // Branches still running are no longer needed.
  for (const child of descendants(tx, parallel.token)) {
    if (child.branch && parallel.branches[child.branch] === 'running' && child.parent === parallel.token)
      parallel.branches[child.branch] = 'cancelled';
    leaveStep(tx, child, false);
  }
  leaveStep(tx, parallel);
  goNext(tx, step.next, parentOf(parallel));
}

export function finishCase(
  tx: Transition,
  outcomeId: string,
  retention: string | undefined,
  endStep: CompiledEndStep | undefined,
  statusOverride?: string,
): void {
  const outcome = tx.definition.outcomes[outcomeId];
  if (!outcome) throw new InterpreterError('DEFINITION_MISMATCH', `unknown outcome "${outcomeId}"`);
  for (const active of [...tx.state.active]) leaveStep(tx, active, false);
  stopClock(tx);
  const to = endStep?.notify
    ? endStep.notify.to.length > 0
      ? endStep.notify.to.map((r) => tx.recipient(r))
      : [{ kind: 'applicant' as const }]
    : [];
  // The decision notice tells the applicant the new status; no separate status notice.
  tx.setStatus(statusOverride ?? outcome.status ?? endStep?.status, !to.some((r) => r.kind === 'applicant'));
  if (endStep?.notify)
    tx.notify(endStep.notify.template, false, to, endStep.id, { outcome: outcomeId, appealable: outcome.appealable });
  const finalRetention = retention ?? outcome.retention;
  tx.state.lifecycle = 'closed';
  tx.state.outcome = { id: outcomeId, retention: finalRetention, at: tx.now, ...(endStep ? { step: endStep.id } : {}) };
  delete tx.state.reopen;
  let reopenUntil: string | undefined;
  if (endStep?.reopen) {
    reopenUntil = toIso(addDuration(endStep.reopen.within, tx.nowMs, tx.calendar()));
    tx.state.reopen = { until: reopenUntil, next: endStep.reopen.next };
  }
  tx.emit({
    type: 'finish',
    outcome: outcomeId,
    retention: finalRetention,
    appealable: outcome.appealable,
    ...(reopenUntil ? { reopenUntil } : {}),
  });
  tx.audit({
    type: 'case-finished',
    outcome: outcomeId,
    ...(endStep ? { step: endStep.id } : {}),
    detail: {
      retention: finalRetention,
      ...(tx.state.clock ? { statutoryDeadlineMet: tx.state.clock.metDeadline ?? null } : {}),
      ...(reopenUntil ? { reopenUntil } : {}),
    },
  });
}
