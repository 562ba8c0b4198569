/**
 * Who may act on a human task: role, department, assignment and separation of duties. Pure checks
 * shared by the interpreter (which rejects) and availableActions (which filters).
 */
import type {
  CompiledAction,
  CompiledDefinition,
  CompiledExpression,
  CompiledHumanStep,
  JsonValue,
} from '../domain/definition';
import { evaluateCondition } from '../domain/expressions';
import type { ActiveStep, Actor, CaseState, Rejection } from './case-model';

/** The department the actor acts for on this task: their own, or that of the matching role. */
function actingDepartment(
  definition: Pick<CompiledDefinition, 'roles'>,
  actor: Actor,
  role: string,
): string | undefined {
  return actor.department ?? definition.roles[role]?.department;
}

/** Role and department. */
export function checkEligible(
  definition: Pick<CompiledDefinition, 'roles'>,
  active: ActiveStep,
  actor: Actor,
): Rejection | undefined {
  const role = active.role ?? '';
  if (!(actor.roles ?? []).includes(role)) {
    return {
      code: 'ROLE_NOT_ALLOWED',
      reason: `step "${active.stepId}" needs the role "${role}"; ${actor.id} has ${(actor.roles ?? []).join(', ') || 'no roles'}`,
    };
  }
  const department = actingDepartment(definition, actor, role);
  if (active.department && department !== active.department) {
    return {
      code: 'DEPARTMENT_NOT_ALLOWED',
      reason: `step "${active.stepId}" belongs to department "${active.department}"; ${actor.id} acts for "${department ?? 'none'}"`,
    };
  }
  return undefined;
}

/** "Not the same person as step X": whoever completed X may not act here. */
export function checkSeparation(
  state: Pick<CaseState, 'completions'>,
  step: Pick<CompiledHumanStep, 'id' | 'notSameActorAs'>,
  actor: Actor,
): Rejection | undefined {
  for (const other of step.notSameActorAs) {
    const completion = state.completions[other];
    if (completion && completion.by === actor.id) {
      return {
        code: 'SEPARATION_OF_DUTIES',
        reason: `${actor.id} completed step "${other}" and may not also act on "${step.id}"`,
      };
    }
  }
  return undefined;
}

export function checkAssignee(active: ActiveStep, actor: Actor): Rejection | undefined {
  if (active.assignee && active.assignee !== actor.id) {
    return { code: 'ASSIGNED_TO_OTHER', reason: `step "${active.stepId}" is assigned to ${active.assignee}` };
  }
  return undefined;
}

/** All checks on the person, in the order a caller should hear about them. */
export function checkActor(
  definition: CompiledDefinition,
  state: CaseState,
  active: ActiveStep,
  step: CompiledHumanStep,
  actor: Actor,
): Rejection | undefined {
  return (
    checkEligible(definition, active, actor) ?? checkAssignee(active, actor) ?? checkSeparation(state, step, actor)
  );
}

/** A condition holds only when it evaluates to true; an evaluation error counts as false. */
export function conditionHolds(
  condition: CompiledExpression | undefined,
  data: Readonly<Record<string, JsonValue>>,
): boolean {
  if (!condition) return true;
  const result = evaluateCondition(condition, data);
  return result.ok && result.value;
}

export function isActionOffered(action: CompiledAction, data: Readonly<Record<string, JsonValue>>): boolean {
  return conditionHolds(action.when, data);
}

/** A field "holds a value" when it is not missing, null, blank or an empty list. */
export function hasValue(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Staff of the task's department (any of its roles) may assign and release its tasks. */
export function isDepartmentStaff(definition: CompiledDefinition, active: ActiveStep, actor: Actor): boolean {
  return (actor.roles ?? []).some((role) => {
    const compiled = definition.roles[role];
    return (
      compiled !== undefined &&
      (actor.department ?? compiled.department) === active.department &&
      compiled.department === active.department
    );
  });
}
