/**
 * Scenarios shipped inside a definition must name things that exist: steps, actions on those steps,
 * actors and their roles, events, pause reasons, statuses and outcomes; names are unique.
 */
import type { ScenarioStepDocument } from '../../../domain/definition';
import type { CheckContext } from '../check-context';
import { type DocPath, keysOf, suggest } from '../problems';

export function checkScenarios(ctx: CheckContext): void {
  const { doc, sink } = ctx;
  const names = new Map<string, number>();
  (doc.scenarios ?? []).forEach((scenario, s) => {
    const base: DocPath = ['scenarios', s];
    const unknown = (path: DocPath, kind: string, name: string, candidates: Iterable<string>): void =>
      sink.error(
        'SCENARIO_REF_UNKNOWN',
        path,
        `scenario "${scenario.name}": unknown ${kind} "${name}"${suggest(name, candidates)}`,
      );
    if (names.has(scenario.name))
      sink.error(
        'SCENARIO_DUPLICATE_NAME',
        [...base, 'name'],
        `scenario name "${scenario.name}" is already used by scenario ${(names.get(scenario.name) ?? 0) + 1}`,
      );
    else names.set(scenario.name, s);
    for (const field of keysOf(scenario.data ?? {})) {
      if (!ctx.fields.has(field)) unknown([...base, 'data', field], 'field', field, ctx.fields);
    }
    const actors = scenario.actors ?? {};
    for (const [actorId, actor] of Object.entries(actors)) {
      actor.roles.forEach((role, i) => {
        if (!ctx.has(doc.roles, role))
          unknown([...base, 'actors', actorId, 'roles', i], 'role', role, keysOf(doc.roles));
      });
      if (actor.department !== undefined && !ctx.has(doc.departments, actor.department)) {
        unknown([...base, 'actors', actorId, 'department'], 'department', actor.department, keysOf(doc.departments));
      }
    }
    const activitySteps = Object.values(doc.steps).filter(
      (step) => step.type === 'automated' && step.activity !== undefined,
    );
    for (const [activity, behaviour] of Object.entries(scenario.activities ?? {})) {
      const users = activitySteps.filter((step) => step.type === 'automated' && step.activity === activity);
      if (users.length === 0) {
        unknown(
          [...base, 'activities', activity],
          'activity',
          activity,
          activitySteps.map((step) => (step.type === 'automated' ? (step.activity ?? '') : '')),
        );
        continue;
      }
      const outputs = new Set(users.flatMap((step) => (step.type === 'automated' ? (step.output ?? []) : [])));
      for (const field of keysOf(behaviour.output ?? {})) {
        if (!outputs.has(field))
          unknown(
            [...base, 'activities', activity, 'output', field],
            `output field of "${activity}" (declare it in the step's output)`,
            field,
            outputs,
          );
      }
    }
    const stepRef = (path: DocPath, step: string | undefined): void => {
      if (step !== undefined && !ctx.has(doc.steps, step)) unknown(path, 'step', step, keysOf(doc.steps));
    };
    scenario.steps.forEach((item, i) => {
      const path: DocPath = [...base, 'steps', i];
      // A step expected to be refused may name what does not exist on purpose (that is the test);
      // actors must still exist, since the runner needs their roles.
      const refused = rejectionExpected(item);
      if ('act' in item) {
        const { step, action, by, data } = item.act;
        const target = ctx.has(doc.steps, step) ? doc.steps[step] : undefined;
        if (!refused) {
          stepRef([...path, 'act', 'step'], step);
          if (target && target.type !== 'human') unknown([...path, 'act', 'step'], 'human task', step, []);
          if (target?.type === 'human' && !ctx.has(target.actions, action))
            unknown([...path, 'act', 'action'], `action of "${step}"`, action, keysOf(target.actions));
        }
        if (!ctx.has(actors, by)) unknown([...path, 'act', 'by'], 'actor', by, keysOf(actors));
        for (const field of keysOf(data ?? {}))
          if (!ctx.fields.has(field)) unknown([...path, 'act', 'data', field], 'field', field, ctx.fields);
      } else if ('event' in item) {
        if (!refused && !ctx.has(doc.events, item.event.type))
          unknown([...path, 'event', 'type'], 'event', item.event.type, keysOf(doc.events ?? {}));
        for (const field of keysOf(item.event.data ?? {}))
          if (!ctx.fields.has(field)) unknown([...path, 'event', 'data', field], 'field', field, ctx.fields);
      } else if ('pauseClock' in item) {
        const reasons = doc.statutoryClock?.pauseReasons ?? {};
        if (!refused && !ctx.has(reasons, item.pauseClock.reason))
          unknown([...path, 'pauseClock', 'reason'], 'pause reason', item.pauseClock.reason, keysOf(reasons));
      } else if ('extendClock' in item) {
        ctx.duration([...path, 'extendClock', 'by'], item.extendClock.by);
        const reasons = doc.statutoryClock?.extensions?.reasons ?? {};
        if (!refused && item.extendClock.reason !== undefined && !ctx.has(reasons, item.extendClock.reason)) {
          unknown([...path, 'extendClock', 'reason'], 'extension reason', item.extendClock.reason, keysOf(reasons));
        }
      } else if ('advance' in item) {
        ctx.duration([...path, 'advance'], item.advance);
      } else if ('cancel' in item) {
        if (!ctx.has(actors, item.cancel.by))
          unknown([...path, 'cancel', 'by'], 'actor', item.cancel.by, keysOf(actors));
        if (!refused && !doc.cancellation)
          unknown([...path, 'cancel'], 'cancellation rule (the definition has no `cancellation:`)', 'cancel', []);
      } else if ('expect' in item) {
        item.expect.steps?.forEach((step, j) => stepRef([...path, 'expect', 'steps', j], step));
        for (const list of ['events', 'absent'] as const) {
          item.expect[list]?.forEach((event, j) => {
            stepRef([...path, 'expect', list, j, 'step'], event.step);
            if (event.template !== undefined && !ctx.has(doc.templates, event.template))
              unknown(
                [...path, 'expect', list, j, 'template'],
                'template',
                event.template,
                keysOf(doc.templates ?? {}),
              );
          });
        }
        if (item.expect.status !== undefined && !ctx.has(doc.statuses, item.expect.status))
          unknown([...path, 'expect', 'status'], 'status', item.expect.status, keysOf(doc.statuses));
        if (item.expect.assignedRole !== undefined && !ctx.has(doc.roles, item.expect.assignedRole))
          unknown([...path, 'expect', 'assignedRole'], 'role', item.expect.assignedRole, keysOf(doc.roles));
      }
    });
    const expect = scenario.expect;
    if (expect.outcome !== undefined && !ctx.has(doc.outcomes, expect.outcome))
      unknown([...base, 'expect', 'outcome'], 'outcome', expect.outcome, keysOf(doc.outcomes));
    if (expect.status !== undefined && !ctx.has(doc.statuses, expect.status))
      unknown([...base, 'expect', 'status'], 'status', expect.status, keysOf(doc.statuses));
    for (const list of ['events', 'absent'] as const) {
      expect[list]?.forEach((event, j) => {
        stepRef([...base, 'expect', list, j, 'step'], event.step);
        if (event.template !== undefined && !ctx.has(doc.templates, event.template))
          unknown([...base, 'expect', list, j, 'template'], 'template', event.template, keysOf(doc.templates ?? {}));
      });
    }
  });
}

function rejectionExpected(item: ScenarioStepDocument): boolean {
  const body = Object.values(item)[0] as { expectRejected?: string | boolean } | null | string;
  return (
    body !== null && typeof body === 'object' && body.expectRejected !== undefined && body.expectRejected !== false
  );
}
