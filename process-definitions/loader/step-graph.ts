/**
 * The flow graph of a definition document: which step leads to which, and the branch structure of
 * parallel steps. Shared by the static checks and the compiler.
 */
import { JOIN, type DefinitionDocument, type StepDocument } from '../../domain/definition';
import type { DocPath } from './problems';

export interface Transition {
  readonly target: string;
  readonly path: DocPath;
  /** Branch starts of a parallel step are transitions too, but they do not continue the flow. */
  readonly kind: 'next' | 'branch' | 'reopen';
}

export function stepEntries(doc: DefinitionDocument): [string, StepDocument][] {
  return Object.entries(doc.steps);
}

/** Every outgoing reference of a step (including "$join"). */
export function transitions(id: string, step: StepDocument): Transition[] {
  const base: DocPath = ['steps', id];
  const out: Transition[] = [];
  switch (step.type) {
    case 'human':
      for (const [actionId, action] of Object.entries(step.actions))
        out.push({ target: action.next, path: [...base, 'actions', actionId, 'next'], kind: 'next' });
      break;
    case 'choice':
      step.choices.forEach((choice, i) =>
        out.push({ target: choice.next, path: [...base, 'choices', i, 'next'], kind: 'next' }),
      );
      if (step.default !== undefined) out.push({ target: step.default, path: [...base, 'default'], kind: 'next' });
      break;
    case 'parallel':
      for (const [branchId, branch] of Object.entries(step.branches))
        out.push({ target: branch.start, path: [...base, 'branches', branchId, 'start'], kind: 'branch' });
      out.push({ target: step.next, path: [...base, 'next'], kind: 'next' });
      break;
    case 'wait':
      step.on.forEach((handler, i) =>
        out.push({ target: handler.next, path: [...base, 'on', i, 'next'], kind: 'next' }),
      );
      if (step.timeout) out.push({ target: step.timeout.next, path: [...base, 'timeout', 'next'], kind: 'next' });
      break;
    case 'automated':
      out.push({ target: step.next, path: [...base, 'next'], kind: 'next' });
      if (step.onFailure !== undefined)
        out.push({ target: step.onFailure, path: [...base, 'onFailure'], kind: 'next' });
      break;
    case 'end':
      if (step.reopen) out.push({ target: step.reopen.next, path: [...base, 'reopen', 'next'], kind: 'reopen' });
      break;
  }
  return out;
}

export interface BranchMembership {
  readonly parallel: string;
  readonly branch: string;
}

export interface BranchAnalysis {
  /** Step id → the branch it belongs to (first found when a step is in several). */
  readonly memberOf: Map<string, BranchMembership>;
  /** Steps found in more than one branch. */
  readonly overlaps: Map<string, BranchMembership[]>;
  /** Per parallel step and branch: its member steps. */
  readonly members: Map<string, Map<string, Set<string>>>;
}

/**
 * Branch members: everything reachable from a branch's start without passing "$join". Ends,
 * parallel steps and unknown targets are recorded but not followed (the checks report them).
 */
export function analyseBranches(doc: DefinitionDocument): BranchAnalysis {
  const memberOf = new Map<string, BranchMembership>();
  const overlaps = new Map<string, BranchMembership[]>();
  const members = new Map<string, Map<string, Set<string>>>();
  for (const [parallelId, step] of stepEntries(doc)) {
    if (step.type !== 'parallel') continue;
    const perBranch = new Map<string, Set<string>>();
    members.set(parallelId, perBranch);
    for (const [branchId, branch] of Object.entries(step.branches)) {
      const seen = new Set<string>();
      const queue = [branch.start];
      while (queue.length > 0) {
        const current = queue.pop() as string;
        if (seen.has(current) || !Object.prototype.hasOwnProperty.call(doc.steps, current)) continue;
        seen.add(current);
        const currentStep = doc.steps[current];
        if (currentStep.type === 'end' || currentStep.type === 'parallel') continue;
        for (const transition of transitions(current, currentStep)) {
          if (transition.target !== JOIN) queue.push(transition.target);
        }
      }
      perBranch.set(branchId, seen);
      for (const member of seen) {
        const membership = { parallel: parallelId, branch: branchId };
        const existing = memberOf.get(member);
        if (existing) overlaps.set(member, [...(overlaps.get(member) ?? [existing]), membership]);
        else memberOf.set(member, membership);
      }
    }
  }
  return { memberOf, overlaps, members };
}

export function hasStep(doc: DefinitionDocument, id: string): boolean {
  return Object.prototype.hasOwnProperty.call(doc.steps, id);
}
