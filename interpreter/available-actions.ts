/** What a given user can do on a case right now: the worklist's and the API's view of the rules. */
import type { CompiledDefinition } from '../domain/definition';
import type { Actor, CaseState } from './case-model';
import { checkActor, checkEligible, checkSeparation, isActionOffered } from './human-task-rules';

export interface AvailableAction {
  kind: 'action';
  step: string;
  token: string;
  stepTitle: string;
  action: string;
  label: string;
  /** Fields the action needs to hold a value (after its form data is applied). */
  requires: readonly string[];
  /** Fields the user may send with the action. */
  editable: readonly string[];
  requiresComment: boolean;
  assignedToYou: boolean;
}

export interface AvailableClaim {
  kind: 'claim';
  step: string;
  token: string;
  stepTitle: string;
}

export function availableActions(
  definition: CompiledDefinition,
  state: CaseState,
  user: Actor,
): (AvailableAction | AvailableClaim)[] {
  if (state.lifecycle !== 'open') return [];
  const offers: (AvailableAction | AvailableClaim)[] = [];
  for (const active of state.active) {
    const step = definition.steps[active.stepId];
    if (!step || step.type !== 'human') continue;
    if (checkActor(definition, state, active, step, user)) continue;
    if (!active.assignee) offers.push({ kind: 'claim', step: step.id, token: active.token, stepTitle: step.title });
    for (const action of Object.values(step.actions)) {
      if (!isActionOffered(action, state.data)) continue;
      offers.push({
        kind: 'action',
        step: step.id,
        token: active.token,
        stepTitle: step.title,
        action: action.id,
        label: action.label,
        requires: action.requires,
        editable: [...new Set([...step.form, ...action.requires])],
        requiresComment: action.requiresComment,
        assignedToYou: active.assignee === user.id,
      });
    }
  }
  return offers;
}

/** Whether the user could take the task at all (role, department, separation of duties), ignoring assignment. */
export function canWorkOn(definition: CompiledDefinition, state: CaseState, stepId: string, user: Actor): boolean {
  const active = state.active.find((a) => a.stepId === stepId);
  const step = definition.steps[stepId];
  if (!active || !step || step.type !== 'human') return false;
  return !checkEligible(definition, active, user) && !checkSeparation(state, step, user);
}
