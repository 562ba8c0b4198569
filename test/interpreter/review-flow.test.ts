import type { CompiledDefinition } from '../../domain/definition';
import {
  InterpreterError,
  applyCaseEvent,
  availableActions,
  fireDueDeadlines,
  nextDeadline,
  rejectionAuditEntry,
  startCase,
  type CaseEvent,
  type CaseState,
} from '../../interpreter';
import { accepted, at, auditTypes, commandsOf, frozen, iso, loadDefinition, onSteps, staff } from './support';

const definition = loadDefinition('test/interpreter/fixtures/review-flow.yaml');

const clerk = staff('clara', ['clerk']);
const clerk2 = staff('carl', ['clerk']);
const sup = staff('sam', ['supervisor']);
const sup2 = staff('sue', ['supervisor']);
const revA = staff('ann', ['reviewer-a']);
const revB = staff('bob', ['reviewer-b']);

// Monday 20 April 2026, 10:00 in Amsterdam (CEST). Koningsdag is Monday 27 April.
const START = at('2026-04-20T10:00:00+02:00');

function start(data: Record<string, string | number | boolean> = { title: 'Shed' }): CaseState {
  return accepted(startCase(definition, { caseId: 'case-1', data }, START));
}

function apply(state: CaseState, event: CaseEvent, now: number) {
  return applyCaseEvent(definition, frozen(state), event, now);
}

/** Intake submitted by the clerk, reviews A and B done: the case waits on the archive activity. */
function throughReviews(): CaseState {
  let state = start();
  state = accepted(
    apply(
      state,
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 500 } },
      START + 60_000,
    ),
  );
  state = accepted(
    apply(
      state,
      { type: 'staff-action', actor: revA, step: 'review-a', action: 'done', data: { findingA: 'ok' } },
      START + 120_000,
    ),
  );
  return accepted(
    apply(
      state,
      { type: 'staff-action', actor: revB, step: 'review-b', action: 'done', data: { findingB: 'ok' } },
      START + 180_000,
    ),
  );
}

/**
 * A case of a definition variant taken through intake (amount 5) and reviews A and B at START + 1, 2
 * and 3 ms, each event accepted.
 */
function submittedAndReviewed(def: CompiledDefinition, state: CaseState): CaseState {
  const events: CaseEvent[] = [
    { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5 } },
    { type: 'staff-action', actor: revA, step: 'review-a', action: 'done', data: { findingA: 'a' } },
    { type: 'staff-action', actor: revB, step: 'review-b', action: 'done', data: { findingB: 'b' } },
  ];
  return events.reduce((current, event, i) => accepted(applyCaseEvent(def, current, event, START + i + 1)), state);
}

describe('starting a case', () => {
  it('enters the first step, starts the statutory clock and arms the SLA', () => {
    const result = startCase(definition, { caseId: 'case-1', data: { title: 'Shed' } }, START);
    const state = accepted(result);
    expect(onSteps(state)).toEqual(['intake']);
    expect(state.status).toBe('received');
    expect(state.lifecycle).toBe('open');
    expect(auditTypes(result).slice(0, 4)).toEqual(['case-created', 'clock-started', 'step-entered', 'status-changed']);
    // 10 working days, day of receipt excluded, Koningsdag skipped: close of business Tue 5 May.
    expect(state.clock?.dueAt).toBe(iso('2026-05-05T17:00:00+02:00'));
    // SLA of 4 working hours across lunch: 10:00-12:30 + 13:30-15:00.
    const intake = state.active[0];
    expect(intake.sla?.dueAt).toBe(iso('2026-04-20T15:00:00+02:00'));
    expect(intake.sla?.warningAt).toBe(iso('2026-04-20T12:00:00+02:00'));
    const armed = Object.fromEntries(commandsOf(result, 'arm-deadline').map((c) => [c.deadlineId, c.dueAt]));
    expect(armed).toEqual({
      'clock:warning': expect.any(String),
      'clock:due': iso('2026-05-05T17:00:00+02:00'),
      [`sla:${intake.token}:warning`]: iso('2026-04-20T12:00:00+02:00'),
      [`sla:${intake.token}:escalation:1`]: iso('2026-04-20T15:00:00+02:00'),
      [`sla:${intake.token}:escalation:2`]: iso('2026-04-20T17:00:00+02:00'),
      [`sla:${intake.token}:breach`]: iso('2026-04-20T15:00:00+02:00'),
    });
    // Every command carries a unique idempotency key.
    const keys = result.commands.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses input it cannot start from', () => {
    expect(() => startCase(definition, { caseId: 'x', data: {} }, START)).toThrow(/title/);
    expect(() => startCase(definition, { caseId: 'x', data: { title: 'a', colour: 'red' } }, START)).toThrow(/colour/);
  });
});

describe('human task rules', () => {
  const cases: [string, CaseEvent, string][] = [
    [
      'wrong role',
      { type: 'staff-action', actor: revA, step: 'intake', action: 'submit', data: { amount: 1 } },
      'ROLE_NOT_ALLOWED',
    ],
    [
      'wrong department',
      {
        type: 'staff-action',
        actor: staff('dan', ['clerk'], 'dept-a'),
        step: 'intake',
        action: 'submit',
        data: { amount: 1 },
      },
      'DEPARTMENT_NOT_ALLOWED',
    ],
    [
      'missing required field',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit' },
      'REQUIRED_FIELD_MISSING',
    ],
    [
      'blank required field',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 1, title: '  ' } },
      'REQUIRED_FIELD_MISSING',
    ],
    [
      'unknown field',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 1, colour: 'red' } },
      'UNKNOWN_FIELD',
    ],
    [
      'field of another step',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 1, findingA: 'x' } },
      'FIELD_NOT_EDITABLE',
    ],
    [
      'text for a number',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 'lots' } },
      'INVALID_FIELD_VALUE',
    ],
    [
      'a number for a flag',
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 1, urgent: 1 } },
      'INVALID_FIELD_VALUE',
    ],
    ['missing comment', { type: 'staff-action', actor: clerk, step: 'intake', action: 'reject' }, 'COMMENT_REQUIRED'],
    ['unknown action', { type: 'staff-action', actor: clerk, step: 'intake', action: 'approve' }, 'UNKNOWN_ACTION'],
    ['step not active', { type: 'staff-action', actor: sup, step: 'approval', action: 'approve' }, 'STEP_NOT_ACTIVE'],
    ['unknown event', { type: 'external-event', event: 'payment' }, 'UNKNOWN_EVENT'],
    ['unknown pause reason', { type: 'pause-clock', reason: 'lunch' }, 'UNKNOWN_PAUSE_REASON'],
    ['resume a running clock', { type: 'resume-clock' }, 'CLOCK_NOT_PAUSED'],
    ['reopen an open case', { type: 'reopen' }, 'CASE_OPEN'],
  ];
  it.each(cases)('rejects %s with a code and leaves the state unchanged', (_name, event, code) => {
    const state = start();
    const before = JSON.stringify(state);
    const result = apply(state, event, START + 60_000);
    expect(result.outcome).toBe('rejected');
    expect(result.outcome === 'rejected' && result.rejection.code).toBe(code);
    expect(result.outcome === 'rejected' && result.rejection.reason.length).toBeGreaterThan(10);
    expect(result.state).toBe(state);
    expect(result.commands).toEqual([]);
    expect(JSON.stringify(result.state)).toBe(before);
  });

  it('a claimed task can only be completed by its assignee', () => {
    let state = start();
    state = accepted(apply(state, { type: 'claim', actor: clerk, step: 'intake' }, START + 1000));
    expect(state.active[0].assignee).toBe('clara');
    const other = apply(
      state,
      { type: 'staff-action', actor: clerk2, step: 'intake', action: 'submit', data: { amount: 5 } },
      START + 2000,
    );
    expect(other.outcome === 'rejected' && other.rejection.code).toBe('ASSIGNED_TO_OTHER');
    expect(availableActions(definition, state, clerk2)).toEqual([]);
    expect(availableActions(definition, state, clerk).map((a) => (a.kind === 'action' ? a.action : a.kind))).toEqual([
      'submit',
      'reject',
    ]);
  });

  it('assignment: department staff assign to an eligible person only', () => {
    const state = start();
    const toReviewer = apply(state, { type: 'assign', actor: sup, step: 'intake', assignee: revA }, START + 1000);
    expect(toReviewer.outcome === 'rejected' && toReviewer.rejection.code).toBe('ASSIGNEE_NOT_ELIGIBLE');
    const byOutsider = apply(state, { type: 'assign', actor: revA, step: 'intake', assignee: clerk2 }, START + 1000);
    expect(byOutsider.outcome === 'rejected' && byOutsider.rejection.code).toBe('DEPARTMENT_NOT_ALLOWED');
    const ok = apply(state, { type: 'assign', actor: sup, step: 'intake', assignee: clerk2 }, START + 1000);
    expect(accepted(ok).active[0].assignee).toBe('carl');
    expect(commandsOf(ok, 'notify')[0]).toMatchObject({
      template: 'task-assigned',
      builtIn: true,
      recipients: [{ kind: 'user', userId: 'carl' }],
    });
  });

  it('availableActions offers claim and actions to eligible staff only', () => {
    const state = start();
    expect(availableActions(definition, state, revA)).toEqual([]);
    const offers = availableActions(definition, state, clerk);
    expect(offers.map((o) => o.kind)).toEqual(['claim', 'action', 'action']);
    expect(offers[1]).toMatchObject({
      step: 'intake',
      action: 'submit',
      requires: ['title', 'amount'],
      requiresComment: false,
    });
  });
});

describe('SLA warnings and escalations', () => {
  it('fire at their working-time instants without interrupting the step', () => {
    let state = start();
    state = accepted(apply(state, { type: 'claim', actor: clerk, step: 'intake' }, START + 1000));
    const { state: after, results } = fireDueDeadlines(definition, state, at('2026-04-20T17:00:00+02:00'));
    const entries = results
      .flatMap((r) => commandsOf(r, 'audit').map((c) => c.entry))
      .filter((e) => e.type.startsWith('sla') || e.type === 'task-reassigned' || e.type === 'priority-raised');
    expect(entries.map((e) => [e.type, e.level ?? 0, e.at])).toEqual([
      ['sla-warning', 0, iso('2026-04-20T12:00:00+02:00')],
      ['sla-escalated', 1, iso('2026-04-20T15:00:00+02:00')],
      ['sla-breached', 0, iso('2026-04-20T15:00:00+02:00')],
      ['sla-escalated', 2, iso('2026-04-20T17:00:00+02:00')],
      ['task-reassigned', 2, iso('2026-04-20T17:00:00+02:00')],
      ['priority-raised', 0, iso('2026-04-20T17:00:00+02:00')],
    ]);
    const level1 = results.flatMap((r) => commandsOf(r, 'notify')).find((n) => n.template === 'late');
    expect(level1?.recipients).toEqual([
      { kind: 'user', userId: 'clara' },
      { kind: 'supervisor', department: 'intake' },
    ]);
    expect(onSteps(after)).toEqual(['intake']);
    expect(after.active[0]).toMatchObject({ role: 'supervisor', department: 'intake', priority: 'high' });
    expect(after.active[0].assignee).toBeUndefined();
    expect(after.priority).toBe('high');
    // Now the supervisor may act and the clerk may not.
    const byClerk = apply(
      after,
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5 } },
      at('2026-04-21T09:00:00+02:00'),
    );
    expect(byClerk.outcome === 'rejected' && byClerk.rejection.code).toBe('ROLE_NOT_ALLOWED');
    accepted(
      apply(
        after,
        { type: 'staff-action', actor: sup, step: 'intake', action: 'submit', data: { amount: 5 } },
        at('2026-04-21T09:00:00+02:00'),
      ),
    );
  });

  it('leaving the step cancels its SLA deadlines', () => {
    const state = start();
    const result = apply(
      state,
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5 } },
      START + 60_000,
    );
    const token = state.active[0].token;
    expect(
      commandsOf(result, 'cancel-deadline')
        .map((c) => c.deadlineId)
        .filter((id) => id.includes(token))
        .sort(),
    ).toEqual([
      `sla:${token}:breach`,
      `sla:${token}:escalation:1`,
      `sla:${token}:escalation:2`,
      `sla:${token}:warning`,
    ]);
    expect(Object.keys(accepted(result).deadlines).some((id) => id.includes(token))).toBe(false);
  });
});

describe('parallel branches, automated steps, waits and the end', () => {
  it('a quorum join completes with two of three branches and cancels the third', () => {
    let state = start();
    state = accepted(
      apply(
        state,
        { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 500 } },
        START + 60_000,
      ),
    );
    expect(onSteps(state)).toEqual(['fanout', 'review-a', 'review-b', 'review-c']);
    state = accepted(
      apply(
        state,
        { type: 'staff-action', actor: revA, step: 'review-a', action: 'done', data: { findingA: 'ok' } },
        START + 120_000,
      ),
    );
    expect(onSteps(state)).toEqual(['fanout', 'review-b', 'review-c']);
    const result = apply(
      state,
      { type: 'staff-action', actor: revB, step: 'review-b', action: 'done', data: { findingB: 'ok' } },
      START + 180_000,
    );
    state = accepted(result);
    expect(onSteps(state)).toEqual(['archive']);
    expect(auditTypes(result).filter((t) => t === 'branch-completed')).toHaveLength(1);
    expect(commandsOf(result, 'run-activity')).toEqual([
      expect.objectContaining({
        activity: 'records.archive',
        step: 'archive',
        input: { title: 'Shed', amount: 500 },
        retry: { maxAttempts: 3, initialIntervalMs: 10_000, backoff: 2 },
      }),
    ]);
    const late = apply(
      state,
      {
        type: 'staff-action',
        actor: staff('cy', ['reviewer-c']),
        step: 'review-c',
        action: 'done',
        data: { findingC: 'x' },
      },
      START + 200_000,
    );
    expect(late.outcome === 'rejected' && late.rejection.code).toBe('STEP_NOT_ACTIVE');
  });

  it('a failed activity without a failure path becomes an incident that staff can retry', () => {
    let state = throughReviews();
    state = accepted(
      apply(state, { type: 'automated-failed', step: 'archive', error: 'records service down' }, START + 240_000),
    );
    expect(state.active[0]).toMatchObject({ stepId: 'archive', incident: 'records service down' });
    const retry = apply(state, { type: 'retry-automated', actor: sup, step: 'archive' }, START + 300_000);
    state = accepted(retry);
    expect(commandsOf(retry, 'run-activity')).toHaveLength(1);
    expect(state.active[0].attempt).toBe(2);
    const again = apply(state, { type: 'retry-automated', actor: sup, step: 'archive' }, START + 310_000);
    expect(again.outcome === 'rejected' && again.rejection.code).toBe('NO_INCIDENT');
  });

  it('activity output sets only the declared fields; the wait pauses the clock; the reply resumes it', () => {
    let state = throughReviews();
    const done = apply(
      state,
      { type: 'automated-completed', step: 'archive', output: { archiveId: 'A-1', title: 'overwritten?' } },
      at('2026-04-21T10:00:00+02:00'),
    );
    state = accepted(done);
    expect(state.data).toMatchObject({ archiveId: 'A-1', title: 'Shed' });
    expect(onSteps(state)).toEqual(['await-reply']);
    expect(state.status).toBe('waiting');
    expect(commandsOf(done, 'notify').map((n) => n.template)).toEqual(['archived', 'status-changed']);
    expect(state.clock?.pauses).toEqual([
      { reason: 'awaiting-reply', from: iso('2026-04-21T10:00:00+02:00'), byStep: state.active[0].token },
    ]);
    expect(state.deadlines['clock:due']).toBeUndefined();
    // Two working days (14 working hours) later the applicant replies: the legal deadline moves
    // from Tue 5 May 17:00 by 14 working hours to Thu 7 May 17:00.
    const reply = apply(
      state,
      { type: 'external-event', event: 'reply', data: { reply: 'here you go' } },
      at('2026-04-23T10:00:00+02:00'),
    );
    state = accepted(reply);
    expect(state.clock?.pauses[0]).toMatchObject({ to: iso('2026-04-23T10:00:00+02:00'), pausedMs: 14 * 3600_000 });
    expect(state.clock?.dueAt).toBe(iso('2026-05-07T17:00:00+02:00'));
    expect(commandsOf(reply, 'arm-deadline').find((c) => c.deadlineId === 'clock:due')?.dueAt).toBe(
      iso('2026-05-07T17:00:00+02:00'),
    );
    // amount 500 > 100: the choice sends it to approval.
    expect(onSteps(state)).toEqual(['approval']);
    const reply2 = apply(
      state,
      { type: 'external-event', event: 'reply', data: { note: 'x' } },
      at('2026-04-23T11:00:00+02:00'),
    );
    expect(reply2.outcome === 'rejected' && reply2.rejection.code).toBe('FIELD_NOT_EDITABLE');
  });

  it('four eyes: the intake clerk may not approve, another supervisor may; the case finishes and can be reopened', () => {
    // Bea holds both roles: she checks the case in, so she may not approve it.
    const bea = staff('bea', ['clerk', 'supervisor']);
    let state = start();
    state = accepted(
      apply(
        state,
        { type: 'staff-action', actor: bea, step: 'intake', action: 'submit', data: { amount: 500 } },
        START + 60_000,
      ),
    );
    state = accepted(
      apply(
        state,
        { type: 'staff-action', actor: revA, step: 'review-a', action: 'done', data: { findingA: 'ok' } },
        START + 120_000,
      ),
    );
    state = accepted(
      apply(
        state,
        { type: 'staff-action', actor: revB, step: 'review-b', action: 'done', data: { findingB: 'ok' } },
        START + 180_000,
      ),
    );
    state = accepted(
      apply(state, { type: 'automated-completed', step: 'archive', output: { archiveId: 'A-1' } }, START + 240_000),
    );
    state = accepted(apply(state, { type: 'external-event', event: 'reply', data: { reply: 'ok' } }, START + 300_000));
    const same = apply(
      state,
      { type: 'staff-action', actor: bea, step: 'approval', action: 'approve' },
      START + 360_000,
    );
    expect(same.outcome === 'rejected' && same.rejection.code).toBe('SEPARATION_OF_DUTIES');
    expect(availableActions(definition, state, bea)).toEqual([]);
    expect(availableActions(definition, state, sup2).length).toBeGreaterThan(0);
    const finish = apply(
      state,
      { type: 'staff-action', actor: sup2, step: 'approval', action: 'approve' },
      START + 420_000,
    );
    state = accepted(finish);
    expect(state.lifecycle).toBe('closed');
    expect(state.outcome).toMatchObject({ id: 'done', retention: 'short' });
    expect(state.status).toBe('done');
    expect(state.deadlines).toEqual({});
    expect(state.clock).toMatchObject({ metDeadline: true, stoppedAt: new Date(START + 420_000).toISOString() });
    // The decision notice replaces the generic status notice.
    expect(commandsOf(finish, 'notify').map((n) => n.template)).toEqual(['decision']);
    expect(commandsOf(finish, 'finish')).toEqual([
      expect.objectContaining({
        outcome: 'done',
        retention: 'short',
        appealable: false,
        reopenUntil: new Date(START + 420_000 + 7 * 86400_000).toISOString(),
      }),
    ]);
    const action = apply(
      state,
      { type: 'staff-action', actor: sup2, step: 'approval', action: 'approve' },
      START + 500_000,
    );
    expect(action.outcome === 'rejected' && action.rejection.code).toBe('CASE_CLOSED');
    const tooLate = apply(state, { type: 'reopen' }, START + 420_000 + 8 * 86400_000);
    expect(tooLate.outcome === 'rejected' && tooLate.rejection.code).toBe('REOPEN_WINDOW_CLOSED');
    const reopened = accepted(apply(state, { type: 'reopen', reason: 'not fixed' }, START + 420_000 + 86400_000));
    expect(reopened.lifecycle).toBe('open');
    expect(reopened.outcome).toBeUndefined();
    expect(onSteps(reopened)).toEqual(['approval']);
  });

  it('a wait times out and ends the case', () => {
    let state = throughReviews();
    state = accepted(apply(state, { type: 'automated-completed', step: 'archive' }, START + 240_000));
    const { state: after } = fireDueDeadlines(definition, state, START + 240_000 + 5 * 86400_000);
    expect(after.outcome?.id).toBe('expired');
    expect(after.clock?.stoppedAt).toBeDefined();
    expect(nextDeadline(after)).toBeUndefined();
  });

  it('withdrawal ends the case from anywhere and cancels every deadline', () => {
    const state = throughReviews();
    const result = apply(state, { type: 'withdraw', reason: 'moved away' }, START + 250_000);
    const after = accepted(result);
    expect(after).toMatchObject({
      lifecycle: 'closed',
      status: 'withdrawn',
      outcome: { id: 'withdrawn', retention: 'short' },
    });
    expect(after.active).toEqual([]);
    expect(after.deadlines).toEqual({});
    expect(auditTypes(result)).toContain('case-withdrawn');
  });
});

describe('staff cancellation and who follows up a wait', () => {
  it('only the named roles may cancel, with a reason; the case ends with the cancellation outcome', () => {
    const state = start();
    const byClerk = apply(state, { type: 'cancel', actor: clerk, comment: 'opened in error' }, START + 1000);
    expect(byClerk.outcome === 'rejected' && byClerk.rejection.code).toBe('ROLE_NOT_ALLOWED');
    const silent = apply(state, { type: 'cancel', actor: sup }, START + 1000);
    expect(silent.outcome === 'rejected' && silent.rejection.code).toBe('COMMENT_REQUIRED');
    const result = apply(state, { type: 'cancel', actor: sup, comment: 'opened in error' }, START + 1000);
    const after = accepted(result);
    expect(after).toMatchObject({ lifecycle: 'closed', outcome: { id: 'withdrawn' }, active: [], deadlines: {} });
    expect(commandsOf(result, 'audit').find((c) => c.entry.type === 'case-cancelled')?.entry).toMatchObject({
      actor: 'sam',
      reason: 'opened in error',
    });
  });

  it('a wait step with a role is followed up by that role; its SLA warning goes there', () => {
    let state = throughReviews();
    state = accepted(apply(state, { type: 'automated-completed', step: 'archive' }, at('2026-04-21T10:00:00+02:00')));
    // Bob (reviewer B) completed the last task, but the definition names the clerk role.
    expect(state.active[0]).toMatchObject({ stepId: 'await-reply', role: 'clerk', department: 'intake' });
    expect(state.active[0].assignee).toBeUndefined();
    const { results } = fireDueDeadlines(definition, state, at('2026-04-22T10:00:00+02:00'));
    const warning = results.flatMap((r) => commandsOf(r, 'notify')).find((n) => n.template === 'sla-warning');
    expect(warning?.recipients).toEqual([{ kind: 'role', role: 'clerk', department: 'intake' }]);
  });
});

describe('statutory clock', () => {
  it('staff pause and resume; a second pause is refused while paused', () => {
    let state = start();
    state = accepted(
      apply(state, { type: 'pause-clock', reason: 'staff-hold', actor: sup }, at('2026-04-21T09:00:00+02:00')),
    );
    const twice = apply(state, { type: 'pause-clock', reason: 'staff-hold' }, at('2026-04-21T10:00:00+02:00'));
    expect(twice.outcome === 'rejected' && twice.rejection.code).toBe('CLOCK_ALREADY_PAUSED');
    // Paused over the Koningsdag weekend: Fri 24 Apr 09:00 → Tue 28 Apr 09:00 is Fri + Tue morning… exactly
    // the working time of Tue 21, Wed 22, Thu 23 and Fri 24 = 4 × 7 h.
    state = accepted(apply(state, { type: 'resume-clock' }, at('2026-04-28T09:00:00+02:00')));
    expect(state.clock?.pauses[0]?.pausedMs).toBe(4 * 7 * 3600_000);
    expect(state.clock?.dueAt).toBe(iso('2026-05-11T17:00:00+02:00'));
  });

  it('extensions: reason, unit, maximum each, maximum total and count are enforced', () => {
    const state = start();
    const code = (event: CaseEvent, s = state) => {
      const r = apply(s, event, START + 1000);
      return r.outcome === 'rejected' ? r.rejection.code : r.outcome;
    };
    expect(code({ type: 'extend-clock', by: '3 working days' })).toBe('EXTENSION_REASON');
    expect(code({ type: 'extend-clock', by: '6 working days', reason: 'complex' })).toBe('EXTENSION_TOO_LONG');
    expect(code({ type: 'extend-clock', by: 'P3D', reason: 'complex' })).toBe('EXTENSION_TOO_LONG');
    expect(code({ type: 'extend-clock', by: 'three days', reason: 'complex' })).toBe('BAD_DURATION');
    const first = accepted(
      apply(state, { type: 'extend-clock', by: '5 working days', reason: 'complex' }, START + 1000),
    );
    expect(first.clock?.dueAt).toBe(iso('2026-05-12T17:00:00+02:00'));
    expect(code({ type: 'extend-clock', by: '4 working days', reason: 'complex' }, first)).toBe('EXTENSION_TOO_LONG');
    const second = accepted(
      apply(first, { type: 'extend-clock', by: '3 working days', reason: 'complex' }, START + 2000),
    );
    expect(second.clock?.dueAt).toBe(iso('2026-05-15T17:00:00+02:00'));
    expect(code({ type: 'extend-clock', by: '1 working day', reason: 'complex' }, second)).toBe('EXTENSION_LIMIT');
  });

  it('a limit variant applies when case data changes (urgent: 3 working days from the start)', () => {
    let state = start();
    const result = apply(
      state,
      { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5, urgent: true } },
      START + 60_000,
    );
    state = accepted(result);
    expect(state.clock?.limit.source).toBe('3 working days');
    expect(state.clock?.dueAt).toBe(iso('2026-04-23T17:00:00+02:00'));
    expect(auditTypes(result)).toContain('clock-recomputed');
  });

  it('warns at 80 % and records the breach at the due instant', () => {
    const state = start();
    const { state: after, results } = fireDueDeadlines(definition, state, at('2026-05-06T09:00:00+02:00'));
    const entries = results
      .flatMap((r) => commandsOf(r, 'audit').map((c) => c.entry))
      .filter((e) => e.type.startsWith('clock'));
    // 10 working days from Mon 10:00 = 6 h on Monday + 10 × 7 h = 76 h; 80 % = 60.8 h: Monday 6 h,
    // Tue-Fri 28 h, (Koningsdag), Tue-Thu 21 h, then 5.8 h into Friday 1 May → 15:48.
    expect(entries.map((e) => [e.type, e.at])).toEqual([
      ['clock-warning', iso('2026-05-01T15:48:00+02:00')],
      ['clock-breached', iso('2026-05-05T17:00:00+02:00')],
    ]);
    expect(after.clock).toMatchObject({ warned: true, breached: true });
  });
});

describe('definition variants', () => {
  const variant = (
    change: (d: { steps: Record<string, Record<string, unknown>>; statutoryClock: Record<string, unknown> }) => void,
  ): CompiledDefinition => {
    const copy = JSON.parse(JSON.stringify(definition)) as {
      steps: Record<string, Record<string, unknown>>;
      statutoryClock: Record<string, unknown>;
    };
    change(copy);
    return copy as unknown as CompiledDefinition;
  };

  it('a clock that starts at a step starts when the case first enters it', () => {
    const def = variant((d) => {
      d.statutoryClock.startsAt = { kind: 'step', step: 'fanout' };
    });
    let state = accepted(startCase(def, { caseId: 'c', data: { title: 'x' } }, START));
    expect(state.clock).toBeUndefined();
    expect(applyCaseEvent(def, state, { type: 'pause-clock', reason: 'staff-hold' }, START + 1).outcome).toBe(
      'rejected',
    );
    state = accepted(
      applyCaseEvent(
        def,
        state,
        { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5 } },
        at('2026-04-21T11:00:00+02:00'),
      ),
    );
    expect(state.clock?.startedAt).toBe(iso('2026-04-21T11:00:00+02:00'));
  });

  it('an "any" join completes with the first branch; a late branch cannot act', () => {
    const def = variant((d) => {
      d.steps.fanout.join = { kind: 'any' };
    });
    let state = accepted(startCase(def, { caseId: 'c', data: { title: 'x' } }, START));
    state = accepted(
      applyCaseEvent(
        def,
        state,
        { type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 5 } },
        START + 1,
      ),
    );
    state = accepted(
      applyCaseEvent(
        def,
        state,
        { type: 'staff-action', actor: revB, step: 'review-b', action: 'done', data: { findingB: 'b' } },
        START + 2,
      ),
    );
    expect(onSteps(state)).toEqual(['archive']);
    expect(
      applyCaseEvent(
        def,
        state,
        { type: 'staff-action', actor: revA, step: 'review-a', action: 'done', data: { findingA: 'a' } },
        START + 3,
      ).outcome,
    ).toBe('rejected');
  });

  it('an "all" join waits for every branch', () => {
    const def = variant((d) => {
      d.steps.fanout.join = { kind: 'all' };
    });
    let state = accepted(startCase(def, { caseId: 'c', data: { title: 'x' } }, START));
    state = submittedAndReviewed(def, state);
    expect(onSteps(state)).toEqual(['fanout', 'review-c']);
    state = accepted(
      applyCaseEvent(
        def,
        state,
        {
          type: 'staff-action',
          actor: staff('cy', ['reviewer-c']),
          step: 'review-c',
          action: 'done',
          data: { findingC: 'c' },
        },
        START + 4,
      ),
    );
    expect(onSteps(state)).toEqual(['archive']);
  });

  it('a wait condition that does not hold keeps the case waiting, though the event is recorded', () => {
    const def = variant((d) => {
      (d.steps['await-reply'].on as { when?: unknown }[])[0].when = {
        source: 'amount > 1000',
        ast: { k: 'bin', op: '>', left: { k: 'field', name: 'amount' }, right: { k: 'lit', v: 1000 } },
      };
    });
    let state = accepted(startCase(def, { caseId: 'c', data: { title: 'x' } }, START));
    state = submittedAndReviewed(def, state);
    state = accepted(applyCaseEvent(def, state, { type: 'automated-completed', step: 'archive' }, START + 4));
    const result = applyCaseEvent(
      def,
      state,
      { type: 'external-event', event: 'reply', data: { reply: 'hello' } },
      START + 5,
    );
    const after = accepted(result);
    expect(onSteps(after)).toEqual(['await-reply']);
    expect(after.data.reply).toBe('hello');
    expect(auditTypes(result)).toEqual(['event-received']);
  });

  it('release: the assignee or department staff hand a task back', () => {
    let state = accepted(startCase(definition, { caseId: 'c', data: { title: 'x' } }, START));
    state = accepted(applyCaseEvent(definition, state, { type: 'claim', actor: clerk, step: 'intake' }, START + 1));
    const outsider = applyCaseEvent(definition, state, { type: 'release', actor: revA, step: 'intake' }, START + 2);
    expect(outsider.outcome === 'rejected' && outsider.rejection.code).toBe('ASSIGNED_TO_OTHER');
    const released = accepted(
      applyCaseEvent(definition, state, { type: 'release', actor: sup, step: 'intake' }, START + 3),
    );
    expect(released.active[0].assignee).toBeUndefined();
    expect(availableActions(definition, released, clerk2).map((a) => a.kind)).toContain('claim');
  });

  it('an automated step with a failure path takes it when retries are exhausted', () => {
    const def = variant((d) => {
      d.steps.archive.onFailure = 'expired';
    });
    let state = accepted(startCase(def, { caseId: 'c', data: { title: 'x' } }, START));
    state = submittedAndReviewed(def, state);
    state = accepted(
      applyCaseEvent(def, state, { type: 'automated-failed', step: 'archive', error: 'down' }, START + 4),
    );
    expect(state.outcome?.id).toBe('expired');
  });
});

describe('replay safety', () => {
  const script = (): { state: CaseState; log: string } => {
    let state = start();
    const log: unknown[] = [];
    const events: [CaseEvent, number][] = [
      [{ type: 'claim', actor: clerk, step: 'intake' }, START + 1000],
      [{ type: 'comment', actor: clerk, text: 'looks fine' }, START + 2000],
      [{ type: 'document-attached', actor: clerk, documentId: 'doc-1', name: 'plan.pdf' }, START + 3000],
      [{ type: 'staff-action', actor: clerk, step: 'intake', action: 'submit', data: { amount: 50 } }, START + 4000],
    ];
    for (const [event, now] of events) {
      const result = apply(state, event, now);
      log.push(result.commands);
      state = accepted(result);
    }
    const fired = fireDueDeadlines(definition, state, START + 30 * 86400_000);
    log.push(fired.results.map((r) => r.commands));
    return { state: fired.state, log: JSON.stringify(log) };
  };

  it('the same events give the same state and commands, and the state survives a JSON round trip', () => {
    const one = script();
    const two = script();
    expect(two.log).toBe(one.log);
    expect(two.state).toEqual(one.state);
    expect(JSON.parse(JSON.stringify(one.state))).toEqual(one.state);
    expect(one.state.documents).toEqual([expect.objectContaining({ id: 'doc-1', name: 'plan.pdf', by: 'clara' })]);
    expect(one.state.commentCount).toBe(1);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['no type', {}],
    ['an unknown type', { type: 'explode' }],
    ['no actor', { type: 'staff-action', step: 'intake', action: 'submit' }],
    ['a text actor', { type: 'staff-action', actor: 'clara', step: 'intake', action: 'submit' }],
    ['an actor without id', { type: 'claim', actor: { roles: ['clerk'] }, step: 'intake' }],
    ['roles that are not a list', { type: 'claim', actor: { id: 'a', roles: 'clerk' }, step: 'intake' }],
    ['a numeric step', { type: 'claim', actor: { id: 'a', roles: ['clerk'] }, step: 7 }],
    [
      'data that is a list',
      { type: 'staff-action', actor: { id: 'a', roles: ['clerk'] }, step: 'intake', action: 'submit', data: [1] },
    ],
    ['a comment without text', { type: 'comment', actor: { id: 'a' } }],
    ['an assignee without id', { type: 'assign', actor: { id: 'a', roles: ['clerk'] }, step: 'intake', assignee: {} }],
    ['a timer without id', { type: 'timer-fired' }],
    ['an extension without length', { type: 'extend-clock', reason: 'complex' }],
    ['a numeric event id', { type: 'resume-clock', eventId: 5 }],
  ])('a malformed event (%s) is rejected as INVALID_EVENT, never thrown', (_name, event) => {
    const state = start();
    const result = apply(state, event as unknown as CaseEvent, START + 1000);
    expect(result.outcome === 'rejected' && result.rejection.code).toBe('INVALID_EVENT');
    expect(result.state).toBe(state);
    // The workflow records the rejection; that must not throw on a malformed event either.
    if (result.outcome === 'rejected')
      expect(rejectionAuditEntry(event as unknown as CaseEvent, result.rejection, START + 1000)).toMatchObject({
        type: 'action-rejected',
        detail: { code: 'INVALID_EVENT' },
      });
  });

  it('a non-finite "now" is a programming error', () => {
    expect(() => apply(start(), { type: 'resume-clock' }, Number.NaN)).toThrow(InterpreterError);
  });

  it('a duplicate event id and a stale timer are ignored', () => {
    let state = start();
    state = accepted(apply(state, { type: 'claim', actor: clerk, step: 'intake', eventId: 'sig-1' }, START + 1000));
    expect(apply(state, { type: 'claim', actor: clerk, step: 'intake', eventId: 'sig-1' }, START + 2000).outcome).toBe(
      'ignored',
    );
    expect(apply(state, { type: 'timer-fired', deadlineId: 'sla:t99:warning' }, START + 2000).outcome).toBe('ignored');
  });

  it('refuses a state from another definition version', () => {
    const state = start();
    const other = { ...definition, hash: 'f'.repeat(64) } as CompiledDefinition;
    expect(() => applyCaseEvent(other, state, { type: 'resume-clock' }, START)).toThrow(InterpreterError);
  });

  it('a definition that loops through automatic steps fails with a typed error instead of hanging', () => {
    const looping = JSON.parse(JSON.stringify(definition)) as {
      steps: Record<string, { default?: string; choices?: unknown[] }>;
    };
    looping.steps.route = { ...looping.steps.route, choices: [], default: 'route' };
    const def = looping as unknown as CompiledDefinition;
    let state = accepted(startCase(def, { caseId: 'loop', data: { title: 'x' } }, START));
    state = submittedAndReviewed(def, state);
    state = accepted(applyCaseEvent(def, state, { type: 'automated-completed', step: 'archive' }, START + 4));
    expect(() => applyCaseEvent(def, state, { type: 'external-event', event: 'reply' }, START + 5)).toThrow(
      expect.objectContaining({ code: 'RUNAWAY_TRANSITIONS' }),
    );
  });
});
