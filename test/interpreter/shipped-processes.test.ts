import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  applyCaseEvent,
  availableActions,
  fireDueDeadlines,
  startCase,
  type CaseEvent,
  type CaseState,
} from '../../interpreter';
import { runScenarios } from '../../simulator/scenario-runner';
import type { CompiledDefinition } from '../../domain/definition';
import { BUILDING_PERMIT_1_0_0_SOURCE, compileBuildingPermit } from '../support/building-permit-versions';
import { accepted, at, commandsOf, formFor, frozen, iso, loadDefinition, onSteps, staff } from './support';

const shipped = readdirSync(path.join(__dirname, '..', '..', 'process-definitions'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('every shipped scenario passes', () => {
  it('ships the three processes', () => {
    expect(shipped).toEqual(
      expect.arrayContaining(['benefit-application.yaml', 'building-permit.yaml', 'service-complaint.yaml']),
    );
  });

  const all = shipped.flatMap((file) => {
    const definition = loadDefinition(`process-definitions/${file}`);
    return runScenarios(definition).map((report) => [file, report.name, report] as const);
  });
  it.each(all)('%s: %s', (_file, _name, report) => {
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
  });
});

describe('building permit', () => {
  const definition = loadDefinition('process-definitions/building-permit.yaml');
  const clerk = staff('lee', ['permit-clerk', 'plan-check-supervisor']);
  const supervisor = staff('pat', ['plan-check-supervisor']);
  const planner = staff('zoe', ['zoning-planner']);
  const fire = staff('fay', ['fire-plan-checker']);
  const data = {
    applicantName: 'Maria Builder',
    applicantEmail: 'maria@example.org',
    propertyAddress: '132 S Westmoreland Ave',
    parcelNumber: '5503-012-034',
    workType: 'addition',
    projectDescription: 'Rear addition',
    valuation: 185000,
  };
  // Monday 2 March 2026, 09:00 Pacific (PST); DST starts on Sunday 8 March.
  const START = at('2026-03-02T09:00:00-08:00');
  const apply = (state: CaseState, event: CaseEvent, now: number) =>
    applyCaseEvent(definition, frozen(state), event, now);

  it('the legal deadline is 60 working days, or 30 for small housing projects, skipping César Chávez Day', () => {
    const big = accepted(startCase(definition, { caseId: 'bp-1', data }, START));
    expect(big.clock?.limit.source).toBe('60 working days');
    const small = accepted(startCase(definition, { caseId: 'bp-2', data: { ...data, dwellingUnits: 1 } }, START));
    expect(small.clock?.limit.source).toBe('30 working days');
    // Working days after Mon 2 March: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20),
    // 31 César Chávez Day, 1-3 April (23), 6-10 (28), 13 (29), 14 (30).
    expect(small.clock?.dueAt).toBe(iso('2026-04-14T17:00:00-07:00'));
  });

  it('asking the applicant for information pauses the clock; the due date moves by the paused working time', () => {
    let state = accepted(startCase(definition, { caseId: 'bp-3', data: { ...data, dwellingUnits: 1 } }, START));
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: clerk,
          step: 'intake-review',
          action: 'request-information',
          data: formFor(definition, 'intake-review', 'request-information', { missingItems: 'Site plan' }),
        },
        at('2026-03-03T10:00:00-08:00'),
      ),
    );
    expect(onSteps(state)).toEqual(['awaiting-applicant']);
    expect(state.status).toBe('incomplete');
    // The clerk who asked follows the wait up: its SLA notices for "assignee" reach them.
    expect(state.active[0]).toMatchObject({ assignee: 'lee', role: 'permit-clerk', department: 'building-safety' });
    expect(state.clock?.pauses).toEqual([
      expect.objectContaining({ reason: 'awaiting-applicant', from: iso('2026-03-03T10:00:00-08:00') }),
    ]);
    // Back Thu 5 March 10:00: two full working days (2 × 9 h) of pause.
    state = accepted(
      apply(
        state,
        { type: 'external-event', event: 'information-submitted', data: { parcelNumber: '5503-012-034' } },
        at('2026-03-05T10:00:00-08:00'),
      ),
    );
    expect(state.clock?.pauses[0]?.pausedMs).toBe(18 * 3600_000);
    expect(state.clock?.dueAt).toBe(iso('2026-04-16T17:00:00-07:00'));
    expect(onSteps(state)).toEqual(['intake-review']);
  });

  it('the decision: issue needs both reviews cleared, deny needs reasons, and the intake clerk may not decide', () => {
    let state = accepted(startCase(definition, { caseId: 'bp-4', data }, START));
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: clerk,
          step: 'intake-review',
          action: 'accept-complete',
          data: formFor(definition, 'intake-review', 'accept-complete'),
        },
        START + 60_000,
      ),
    );
    state = accepted(
      apply(
        state,
        { type: 'automated-completed', step: 'calculate-fees', output: { feeAmount: 1234 } },
        START + 120_000,
      ),
    );
    expect(state.data.feeAmount).toBe(1234);
    state = accepted(
      apply(state, { type: 'external-event', event: 'fee-paid', data: { paymentReference: 'PAY-1' } }, START + 180_000),
    );
    expect(onSteps(state)).toEqual(['fire-review', 'technical-review', 'zoning-review']);
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: planner,
          step: 'zoning-review',
          action: 'object',
          data: formFor(definition, 'zoning-review', 'object', { zoningFindings: 'Too tall' }),
        },
        START + 240_000,
      ),
    );
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: fire,
          step: 'fire-review',
          action: 'clear',
          data: formFor(definition, 'fire-review', 'clear', { fireFindings: 'OK' }),
        },
        START + 300_000,
      ),
    );
    expect(onSteps(state)).toEqual(['decision']);
    expect(state.data).toMatchObject({ zoningCleared: false, fireCleared: true });
    const code = (event: CaseEvent) => {
      const result = apply(state, event, START + 360_000);
      return result.outcome === 'rejected' ? result.rejection.code : result.outcome;
    };
    expect(
      code({
        type: 'staff-action',
        actor: clerk,
        step: 'decision',
        action: 'deny',
        data: { denialReasons: 'Height' },
        comment: 'Too tall',
      }),
    ).toBe('SEPARATION_OF_DUTIES');
    expect(code({ type: 'staff-action', actor: supervisor, step: 'decision', action: 'issue' })).toBe(
      'ACTION_NOT_AVAILABLE',
    );
    expect(
      code({ type: 'staff-action', actor: supervisor, step: 'decision', action: 'deny', comment: 'Too tall' }),
    ).toBe('REQUIRED_FIELD_MISSING');
    expect(
      code({
        type: 'staff-action',
        actor: supervisor,
        step: 'decision',
        action: 'deny',
        data: { denialReasons: 'Height' },
      }),
    ).toBe('COMMENT_REQUIRED');
    const offered = availableActions(definition, state, supervisor).map((a) =>
      a.kind === 'action' ? a.action : a.kind,
    );
    expect(offered).toContain('deny');
    expect(offered).not.toContain('issue');
    expect(availableActions(definition, state, clerk)).toEqual([]);
    const result = apply(
      state,
      {
        type: 'staff-action',
        actor: supervisor,
        step: 'decision',
        action: 'deny',
        data: { denialReasons: 'Height' },
        comment: 'Too tall',
      },
      START + 360_000,
    );
    const done = accepted(result);
    expect(done.outcome).toMatchObject({ id: 'permit-denied', retention: 'denied-application' });
    expect(commandsOf(result, 'finish')).toEqual([
      expect.objectContaining({ outcome: 'permit-denied', appealable: true }),
    ]);
    expect(commandsOf(result, 'notify').map((n) => n.template)).toEqual(['permit-denied']);
  });

  it('1.0.1 refuses to issue a permit without its conditions; a case pinned to 1.0.0 keeps the old rule', () => {
    const v100 = compileBuildingPermit(BUILDING_PERMIT_1_0_0_SOURCE);
    expect(definition.version).toBe('1.0.1');
    const toDecision = (on: CompiledDefinition): CaseState => {
      const step = (state: CaseState, event: CaseEvent, offset: number) =>
        accepted(applyCaseEvent(on, frozen(state), event, START + offset));
      let state = accepted(startCase(on, { caseId: `bp-${on.version}`, data }, START));
      state = step(
        state,
        {
          type: 'staff-action',
          actor: clerk,
          step: 'intake-review',
          action: 'accept-complete',
          data: formFor(on, 'intake-review', 'accept-complete'),
        },
        60_000,
      );
      state = step(
        state,
        { type: 'automated-completed', step: 'calculate-fees', output: { feeAmount: 1234 } },
        120_000,
      );
      state = step(state, { type: 'external-event', event: 'fee-paid', data: { paymentReference: 'PAY-1' } }, 180_000);
      state = step(
        state,
        {
          type: 'staff-action',
          actor: planner,
          step: 'zoning-review',
          action: 'clear',
          data: formFor(on, 'zoning-review', 'clear', { zoningFindings: 'OK' }),
        },
        240_000,
      );
      state = step(
        state,
        {
          type: 'staff-action',
          actor: fire,
          step: 'fire-review',
          action: 'clear',
          data: formFor(on, 'fire-review', 'clear', { fireFindings: 'OK' }),
        },
        300_000,
      );
      expect(onSteps(state)).toEqual(['decision']);
      return state;
    };
    const bare: CaseEvent = { type: 'staff-action', actor: supervisor, step: 'decision', action: 'issue' };
    const refused = applyCaseEvent(definition, frozen(toDecision(definition)), bare, START + 360_000);
    expect(refused).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'REQUIRED_FIELD_MISSING', reason: '"issue" needs permitConditions' },
    });
    const withConditions = accepted(
      applyCaseEvent(
        definition,
        frozen(toDecision(definition)),
        { ...bare, data: { permitConditions: 'Standard conditions.' } },
        START + 360_000,
      ),
    );
    expect(onSteps(withConditions)).toEqual(['issue-permit']);
    // Running cases are pinned to the version they started on: 1.0.0's rule stays for them.
    expect(onSteps(accepted(applyCaseEvent(v100, frozen(toDecision(v100)), bare, START + 360_000)))).toEqual([
      'issue-permit',
    ]);
  });

  it('intake SLA: warning at 75 % and escalations at 100 % and 150 % of 5 working days, across the DST weekend', () => {
    const state = accepted(startCase(definition, { caseId: 'bp-5', data }, START));
    const { results } = fireDueDeadlines(definition, state, at('2026-03-20T00:00:00-07:00'));
    const sla = results
      .flatMap((r) => commandsOf(r, 'audit').map((c) => c.entry))
      .filter((e) => e.type === 'sla-warning' || e.type === 'sla-escalated');
    // Due: close of business of the 5th working day after Mon 2 March = Mon 9 March 17:00 (PDT by then).
    // Working time from Mon 09:00: 8 h Monday + 5 × 9 h = 53 h. 75 % = 39.75 h → 4.75 h into Friday 6 March → 12:45 PST.
    // 150 % = 79.5 h → 26.5 h after Mon 9 March 17:00 → Thu 12 March 16:30 PDT.
    expect(sla.map((e) => [e.type, e.level ?? 0, e.at])).toEqual([
      ['sla-warning', 0, iso('2026-03-06T12:45:00-08:00')],
      ['sla-escalated', 1, iso('2026-03-09T17:00:00-07:00')],
      ['sla-escalated', 2, iso('2026-03-12T16:30:00-07:00')],
    ]);
  });
});

describe('service complaint', () => {
  const definition = loadDefinition('process-definitions/service-complaint.yaml');
  const agent = staff('ana', ['call-center-agent']);
  const crew = staff('cruz', ['sanitation-crew-lead']);
  const START = at('2026-03-02T09:30:00-08:00');
  const apply = (state: CaseState, event: CaseEvent, now: number) =>
    applyCaseEvent(definition, frozen(state), event, now);
  const routed = (category: string): CaseState => {
    const state = accepted(
      startCase(
        definition,
        {
          caseId: `sc-${category}`,
          data: { category, channel: 'call', description: 'x', address: '1 Main St', residentEmail: 'jo@example.org' },
        },
        START,
      ),
    );
    return accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: agent,
          step: 'triage',
          action: 'route',
          data: formFor(definition, 'triage', 'route', { category }),
        },
        START + 60_000,
      ),
    );
  };

  it.each([
    ['bulky-items', 'sanitation-field-work'],
    ['illegal-dumping', 'sanitation-field-work'],
    ['graffiti', 'graffiti-removal'],
    ['streetlight', 'streetlight-repair'],
    ['pothole', 'pothole-repair'],
    ['other', 'triage'],
  ])('routes %s to %s', (category, step) => {
    expect(onSteps(routed(category))).toEqual([step]);
  });

  it('the field-work SLA depends on the category (variants)', () => {
    const routedAt = START + 60_000;
    // Bulky items: 4 working days → Fri 6 March 17:00 PST.
    expect(routed('bulky-items').active[0].sla?.dueAt).toBe(iso('2026-03-06T17:00:00-08:00'));
    // Illegal dumping: 5 working days → Mon 9 March 17:00 PDT.
    expect(routed('illegal-dumping').active[0].sla?.dueAt).toBe(iso('2026-03-09T17:00:00-07:00'));
    // Dead animals: 24 elapsed hours.
    expect(routed('dead-animal').active[0].sla?.dueAt).toBe(new Date(routedAt + 24 * 3600_000).toISOString());
  });

  it('a resolved request is reopened within 30 days and goes back to the department with a fresh SLA', () => {
    let state = routed('bulky-items');
    const result = apply(
      state,
      {
        type: 'staff-action',
        actor: crew,
        step: 'sanitation-field-work',
        action: 'complete',
        data: formFor(definition, 'sanitation-field-work', 'complete', { resolutionNote: 'Collected' }),
      },
      at('2026-03-03T10:00:00-08:00'),
    );
    state = accepted(result);
    expect(state.outcome?.id).toBe('resolved');
    expect(commandsOf(result, 'notify').map((n) => n.template)).toContain('request-resolved');
    expect(state.reopen).toEqual({
      until: new Date(at('2026-03-03T10:00:00-08:00') + 30 * 86400_000).toISOString(),
      next: 'route-by-category',
    });
    state = accepted(apply(state, { type: 'reopen', reason: 'Still there' }, at('2026-03-10T10:00:00-07:00')));
    expect(onSteps(state)).toEqual(['sanitation-field-work']);
    expect(state.active[0].sla?.startedAt).toBe(iso('2026-03-10T10:00:00-07:00'));
  });

  it('the crew cannot triage and the agent cannot close field work', () => {
    const state = routed('bulky-items');
    const result = apply(
      state,
      {
        type: 'staff-action',
        actor: agent,
        step: 'sanitation-field-work',
        action: 'complete',
        data: { resolutionNote: 'x' },
      },
      START + 120_000,
    );
    expect(result.outcome === 'rejected' && result.rejection.code).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('benefit application', () => {
  const definition = loadDefinition('process-definitions/benefit-application.yaml');
  const worker = staff('wes', ['eligibility-worker']);
  const workerSup = staff('kim', ['eligibility-worker', 'eligibility-supervisor']);
  const supervisor = staff('sol', ['eligibility-supervisor']);
  const START = at('2026-07-01T08:00:00-07:00');
  const apply = (state: CaseState, event: CaseEvent, now: number) =>
    applyCaseEvent(definition, frozen(state), event, now);
  const screening = {
    householdSize: 3,
    monthlyGrossIncome: 100,
    liquidResources: 50,
    monthlyShelterCost: 900,
    verificationsRequested: 'ID',
  };

  it('an expedited household gets the 7-day legal deadline instead of 30 days', () => {
    let state = accepted(
      startCase(definition, { caseId: 'ba-1', data: { applicantName: 'Ann', householdSize: 3 } }, START),
    );
    expect(state.clock?.dueAt).toBe(new Date(START + 30 * 86400_000).toISOString());
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: worker,
          step: 'screening',
          action: 'screened',
          data: formFor(definition, 'screening', 'screened', screening),
        },
        START + 3600_000,
      ),
    );
    expect(onSteps(state)).toEqual(['expedited-intake']);
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: worker,
          step: 'expedited-intake',
          action: 'identity-verified',
          data: formFor(definition, 'expedited-intake', 'identity-verified', { verificationNotes: 'ID seen' }),
        },
        START + 7200_000,
      ),
    );
    expect(state.clock?.limit.source).toBe('P7D');
    expect(state.clock?.dueAt).toBe(new Date(START + 7 * 86400_000).toISOString());
  });

  it('a benefit above 1,000 needs a different supervisor than the one who determined it', () => {
    let state = accepted(
      startCase(definition, { caseId: 'ba-2', data: { applicantName: 'Ann', householdSize: 3 } }, START),
    );
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: workerSup,
          step: 'screening',
          action: 'screened',
          data: formFor(definition, 'screening', 'screened', screening),
        },
        START + 1000,
      ),
    );
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: workerSup,
          step: 'expedited-intake',
          action: 'identity-verified',
          data: formFor(definition, 'expedited-intake', 'identity-verified', { verificationNotes: 'ok' }),
        },
        START + 2000,
      ),
    );
    state = accepted(
      apply(
        state,
        {
          type: 'staff-action',
          actor: workerSup,
          step: 'eligibility-determination',
          action: 'eligible',
          data: formFor(definition, 'eligibility-determination', 'eligible', {
            monthlyBenefit: 1200,
            certificationMonths: 6,
          }),
        },
        START + 3000,
      ),
    );
    expect(onSteps(state)).toEqual(['supervisor-approval']);
    const same = apply(
      state,
      { type: 'staff-action', actor: workerSup, step: 'supervisor-approval', action: 'approve' },
      START + 4000,
    );
    expect(same.outcome === 'rejected' && same.rejection.code).toBe('SEPARATION_OF_DUTIES');
    expect(same.state).toBe(state);
    const result = apply(
      state,
      { type: 'staff-action', actor: supervisor, step: 'supervisor-approval', action: 'approve' },
      START + 5000,
    );
    state = accepted(result);
    expect(commandsOf(result, 'run-activity')).toEqual([
      expect.objectContaining({
        activity: 'benefits.issue',
        input: { monthlyBenefit: 1200, certificationMonths: 6, householdSize: 3 },
      }),
    ]);
    state = accepted(apply(state, { type: 'automated-completed', step: 'issue-benefits' }, START + 6000));
    expect(state.outcome?.id).toBe('approved');
    expect(state.clock?.metDeadline).toBe(true);
  });
});
