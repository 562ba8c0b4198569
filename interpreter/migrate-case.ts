/**
 * Moving a running case to a newer version of its definition, following the new version's
 * `migrations` map. Pure: (state, target definition, now) → the migrated state with its audit
 * command, or a typed refusal that says why the case stays where it is.
 *
 * What carries over: every active step keeps its token, entry time, assignee, SLA and armed
 * deadlines (deadline ids are keyed by token), the statutory clock, case data, completions and the
 * history. Only the step a token stands on (and its role/department from the new version) changes.
 * A changed SLA therefore applies from the next time a case enters the step, not retroactively.
 */
import type { CompiledDefinition, CompiledStep } from '../domain/definition';
import type { ActiveStep, CaseState, WorkflowCommand } from './case-model';
import { Transition } from './transition';

export type MigrationRefusalCode = 'CASE_CLOSED' | 'OTHER_PROCESS' | 'SAME_VERSION' | 'STEP_NOT_MAPPED';

/** One active step moved: from the old step id to the new one (the same id when it was kept). */
export interface StepMove {
  token: string;
  from: string;
  to: string;
}

/** A step the case waits on that the new version cannot take over. */
export interface UnmappedStep {
  step: string;
  reason: string;
}

export type CaseMigration =
  | { outcome: 'migrated'; state: CaseState; commands: WorkflowCommand[]; moves: StepMove[] }
  | { outcome: 'refused'; code: MigrationRefusalCode; reason: string; unmapped: UnmappedStep[] };

function refused(code: MigrationRefusalCode, reason: string, unmapped: UnmappedStep[] = []): CaseMigration {
  return { outcome: 'refused', code, reason, unmapped };
}

/** The step map that applies to cases of `fromVersion`: an exact `from` wins over `*`. */
export function migrationMapFor(target: CompiledDefinition, fromVersion: string): Readonly<Record<string, string>> {
  const exact = target.migrations.find((migration) => migration.from === fromVersion);
  return (exact ?? target.migrations.find((migration) => migration.from === '*'))?.steps ?? {};
}

/** Where an active step goes in the target, or why it cannot go anywhere. */
function placeStep(
  active: ActiveStep,
  target: CompiledDefinition,
  map: Readonly<Record<string, string>>,
  fromVersion: string,
): { to: string } | UnmappedStep {
  const mapped = map[active.stepId];
  const to = mapped ?? (target.steps[active.stepId] ? active.stepId : undefined);
  if (to === undefined) {
    return {
      step: active.stepId,
      reason: `step "${active.stepId}" is not in ${target.version} and its migrations have no mapping for cases of ${fromVersion}`,
    };
  }
  const step: CompiledStep | undefined = target.steps[to];
  if (!step)
    return {
      step: active.stepId,
      reason: `the migration maps "${active.stepId}" to "${to}", which ${target.version} does not have`,
    };
  if (step.type !== active.type) {
    return {
      step: active.stepId,
      reason: `"${active.stepId}" is a ${active.type} step but "${to}" in ${target.version} is a ${step.type} step`,
    };
  }
  if (step.type === 'parallel') {
    const missing = Object.keys(active.branches ?? {}).filter((branch) => !step.branches[branch]);
    if (missing.length > 0)
      return {
        step: active.stepId,
        reason: `parallel step "${to}" in ${target.version} has no branch ${missing.join(', ')}`,
      };
  }
  if (active.branch && target.branchOf[to]?.branch !== active.branch) {
    return { step: active.stepId, reason: `"${to}" is not in branch "${active.branch}" in ${target.version}` };
  }
  return { to };
}

/** Applies the placement to one active step (a copy inside the transition's state). */
function moveStep(active: ActiveStep, step: CompiledStep): void {
  active.stepId = step.id;
  if (step.type === 'human') {
    // A task whose role changed is unassigned: the old assignee may not hold the new role.
    if (active.role !== step.role) delete active.assignee;
    active.role = step.role;
    active.department = step.department;
  } else if (step.type === 'wait') {
    if (step.role) active.role = step.role;
    else delete active.role;
    if (step.department) active.department = step.department;
    else delete active.department;
  }
}

export function migrateCase(
  state: CaseState,
  target: CompiledDefinition,
  nowMs: number,
  actor?: { id: string },
): CaseMigration {
  const from = state.definition;
  if (state.lifecycle === 'closed')
    return refused('CASE_CLOSED', 'the case is closed; only open cases move to a new version');
  if (from.id !== target.id) return refused('OTHER_PROCESS', `the case runs ${from.id}, not ${target.id}`);
  if (from.version === target.version) return refused('SAME_VERSION', `the case already runs ${target.version}`);

  const map = migrationMapFor(target, from.version);
  const placements = state.active.map((active) => ({ active, place: placeStep(active, target, map, from.version) }));
  const unmapped = placements.flatMap(({ place }) => ('reason' in place ? [place] : []));
  if (unmapped.length > 0) {
    return refused(
      'STEP_NOT_MAPPED',
      `the case waits on ${unmapped.map((u) => `"${u.step}"`).join(', ')}, which ${target.version} cannot take over`,
      unmapped,
    );
  }

  const tx = new Transition(target, state, nowMs, actor ? { id: actor.id } : undefined);
  const moves: StepMove[] = [];
  tx.state.active.forEach((active, index) => {
    const place = placements[index]?.place;
    if (!place || 'reason' in place) return;
    moves.push({ token: active.token, from: active.stepId, to: place.to });
    const step = target.steps[place.to];
    if (step) moveStep(active, step);
  });
  tx.state.definition = { id: target.id, version: target.version, hash: target.hash };
  tx.audit({
    type: 'case-migrated',
    detail: {
      fromVersion: from.version,
      toVersion: target.version,
      fromHash: from.hash,
      toHash: target.hash,
      moves: moves.map((m) => ({ token: m.token, from: m.from, to: m.to })),
    },
  });
  return { outcome: 'migrated', state: tx.state, commands: tx.commands, moves };
}
