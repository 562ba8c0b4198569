import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import {
  applyCaseEvent,
  availableActions,
  nextDeadline,
  startCase,
  type Actor,
  type CaseEvent,
  type CaseState,
} from '../../interpreter';
import { formFor, frozen, loadDefinition } from './support';
import { seededRandom } from '../support/seeded-random';

function checkInvariants(definition: CompiledDefinition, state: CaseState): void {
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  const tokens = new Set(state.active.map((a) => a.token));
  for (const active of state.active) {
    expect(definition.steps[active.stepId]).toBeDefined();
    if (active.parent) expect(tokens.has(active.parent)).toBe(true);
  }
  for (const [id, deadline] of Object.entries(state.deadlines)) {
    if (deadline.token) expect(tokens.has(deadline.token)).toBe(true);
    else expect(id.startsWith('clock:')).toBe(true);
    expect(Number.isNaN(Date.parse(deadline.dueAt))).toBe(false);
  }
  if (state.lifecycle === 'closed') {
    expect(state.active).toEqual([]);
    expect(state.deadlines).toEqual({});
    expect(state.outcome).toBeDefined();
  } else {
    expect(state.outcome).toBeUndefined();
  }
}

function randomEvent(
  definition: CompiledDefinition,
  state: CaseState,
  actors: Actor[],
  random: () => number,
): { event: CaseEvent; advanceTo?: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const roll = random();
  const actor = pick(actors);
  if (roll < 0.35) {
    const offers = actors.flatMap((a) => availableActions(definition, state, a).map((o) => ({ a, o })));
    if (offers.length > 0) {
      const { a, o } = pick(offers);
      if (o.kind === 'claim') return { event: { type: 'claim', actor: a, step: o.step } };
      const data = random() < 0.8 ? formFor(definition, o.step, o.action) : {};
      return {
        event: {
          type: 'staff-action',
          actor: a,
          step: o.step,
          action: o.action,
          data,
          ...(random() < 0.7 ? { comment: 'because' } : {}),
        },
      };
    }
  }
  if (roll < 0.5) {
    const next = nextDeadline(state);
    if (next) return { event: { type: 'timer-fired', deadlineId: next.deadlineId }, advanceTo: next.dueMs };
  }
  if (roll < 0.6) {
    const automated = state.active.find((a) => a.type === 'automated');
    if (automated) {
      return random() < 0.8
        ? { event: { type: 'automated-completed', step: automated.stepId, output: {} } }
        : { event: { type: 'automated-failed', step: automated.stepId, error: 'boom' } };
    }
  }
  const steps = Object.keys(definition.steps);
  const events = Object.keys(definition.events);
  const reasons = Object.keys(definition.statutoryClock?.pauseReasons ?? {});
  const anything: CaseEvent[] = [
    { type: 'staff-action', actor, step: pick(steps), action: 'approve', data: { nonsense: 1 as JsonValue } },
    { type: 'external-event', event: events.length ? pick(events) : 'none', data: {} },
    { type: 'pause-clock', reason: reasons.length ? pick(reasons) : 'x' },
    { type: 'resume-clock' },
    {
      type: 'extend-clock',
      by: pick(['5 working days', 'P3D', '40 working days', 'nonsense']),
      reason: pick([...(definition.statutoryClock?.extensions.reasons ?? []), 'made-up']),
    },
    { type: 'comment', actor, text: 'note' },
    { type: 'document-attached', actor, documentId: `doc-${Math.floor(random() * 100)}` },
    { type: 'claim', actor, step: pick(steps) },
    { type: 'release', actor, step: pick(steps) },
    { type: 'retry-automated', actor, step: pick(steps) },
    { type: 'reopen' },
    { type: 'timer-fired', deadlineId: 'sla:t0:warning' },
  ];
  if (random() < 0.03) anything.push({ type: 'withdraw' });
  return { event: pick(anything) };
}

describe.each(['building-permit', 'service-complaint', 'benefit-application'])(
  'random event sequences on %s',
  (name) => {
    const definition = loadDefinition(`process-definitions/${name}.yaml`);
    const scenario = definition.scenarios[0];
    const actors: Actor[] = Object.entries(definition.roles).map(([role, r], i) => ({
      id: `user-${i}`,
      roles: [role],
      department: r.department,
      kind: 'staff',
    }));
    // One person holding two roles of the first department, to meet separation of duties.
    const firstDepartment = Object.values(definition.roles)[0].department;
    actors.push({
      id: 'multi',
      roles: Object.values(definition.roles)
        .filter((r) => r.department === firstDepartment)
        .map((r) => r.id),
      kind: 'staff',
    });

    it('never crash, keep their invariants, and leave rejected states untouched', () => {
      let accepted = 0;
      let rejected = 0;
      const outcomes = new Set<string>();
      for (let run = 0; run < 25; run++) {
        const random = seededRandom(run * 7919 + name.length);
        let now = Date.parse(scenario.startAt ?? '2026-01-05T09:00:00Z');
        const keys = new Set<string>();
        let state = frozen(startCase(definition, { caseId: `fuzz-${run}`, data: scenario.data ?? {} }, now).state);
        checkInvariants(definition, state);
        for (let i = 0; i < 60; i++) {
          const { event, advanceTo } = randomEvent(definition, state, actors, random);
          now = Math.max(now + Math.floor(random() * 4 * 3600_000), advanceTo ?? 0);
          const result = applyCaseEvent(definition, state, event, now);
          if (result.outcome === 'accepted') {
            accepted++;
            expect(result.state.sequence).toBe(state.sequence + 1);
            for (const command of result.commands) {
              expect(keys.has(command.key)).toBe(false);
              keys.add(command.key);
            }
            state = frozen(result.state);
            checkInvariants(definition, state);
          } else {
            if (result.outcome === 'rejected') {
              rejected++;
              expect(typeof result.rejection.code).toBe('string');
            }
            expect(result.state).toBe(state);
            expect(result.commands).toEqual([]);
          }
        }
        if (state.outcome) outcomes.add(state.outcome.id);
      }
      expect(accepted).toBeGreaterThan(200);
      expect(rejected).toBeGreaterThan(50);
      expect(outcomes.size).toBeGreaterThan(0);
    });
  },
);
