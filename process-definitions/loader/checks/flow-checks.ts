/**
 * The shape of the flow: every step reachable, every step able to reach an end, no cycle without an
 * exit, parallel branches well formed (closed, disjoint, ending in $join, quorum possible) and
 * separation-of-duties steps that can actually come first.
 */
import { JOIN, type DefinitionDocument, type ParallelStepDocument } from '../../../domain/definition';
import type { CheckContext } from '../check-context';
import { analyseBranches, hasStep, stepEntries, transitions } from '../step-graph';

export function checkFlow(ctx: CheckContext): void {
  const { doc, sink } = ctx;
  const branches = analyseBranches(doc);

  // Parallel structure.
  for (const [step, memberships] of branches.overlaps) {
    sink.error(
      'PARALLEL_BRANCH_OVERLAP',
      ['steps', step],
      `step "${step}" belongs to several parallel branches (${memberships.map((m) => `${m.parallel}.${m.branch}`).join(', ')}); each branch needs its own steps`,
    );
  }
  for (const [parallelId, perBranch] of branches.members) {
    const parallel = doc.steps[parallelId] as ParallelStepDocument;
    const branchCount = Object.keys(parallel.branches).length;
    if (typeof parallel.join === 'object' && parallel.join.quorum > branchCount) {
      sink.error(
        'PARALLEL_QUORUM_TOO_LARGE',
        ['steps', parallelId, 'join', 'quorum'],
        `quorum ${parallel.join.quorum} can never be met: "${parallelId}" has ${branchCount} branch(es)`,
      );
    }
    for (const [branchId, memberSet] of perBranch) {
      let joins = false;
      for (const member of memberSet) {
        const step = doc.steps[member];
        if (member === parallelId) {
          sink.error(
            'PARALLEL_BRANCH_ESCAPES',
            ['steps', parallelId, 'branches', branchId],
            `branch "${branchId}" leads back to its own parallel step "${parallelId}"; end the branch with ${JOIN}`,
          );
        } else if (step.type === 'end') {
          sink.error(
            'PARALLEL_BRANCH_ESCAPES',
            ['steps', member],
            `end step "${member}" is reached inside branch "${branchId}" of "${parallelId}"; a branch must finish with ${JOIN}`,
          );
        } else if (step.type === 'parallel') {
          sink.error(
            'PARALLEL_NESTED',
            ['steps', member],
            `parallel step "${member}" inside branch "${branchId}" of "${parallelId}": nested parallel steps are not supported`,
          );
        }
        if (transitions(member, step).some((t) => t.target === JOIN)) joins = true;
      }
      if (!joins) {
        sink.error(
          'PARALLEL_BRANCH_NO_JOIN',
          ['steps', parallelId, 'branches', branchId, 'start'],
          `branch "${branchId}" of "${parallelId}" never reaches ${JOIN}, so the join cannot complete`,
        );
      }
    }
  }
  for (const [id, step] of stepEntries(doc)) {
    const membership = branches.memberOf.get(id);
    for (const transition of transitions(id, step)) {
      if (transition.target === JOIN) {
        if (!membership)
          sink.error(
            'JOIN_OUTSIDE_BRANCH',
            transition.path,
            `step "${id}" is not inside a parallel branch, so it cannot go to ${JOIN}`,
          );
        continue;
      }
      const targetMembership = branches.memberOf.get(transition.target);
      if (!targetMembership || transition.kind === 'branch') continue;
      if (
        !membership ||
        membership.parallel !== targetMembership.parallel ||
        membership.branch !== targetMembership.branch
      ) {
        sink.error(
          'PARALLEL_BRANCH_ENTERED',
          transition.path,
          `"${id}" jumps into step "${transition.target}" of branch "${targetMembership.branch}" of "${targetMembership.parallel}"; a branch is entered only through its parallel step`,
        );
      }
    }
  }
  if (hasStep(doc, doc.start)) {
    const start = doc.steps[doc.start];
    if (start.type === 'end')
      sink.error('START_NOT_ALLOWED', ['start'], `the start step "${doc.start}" is an end step`);
    if (branches.memberOf.has(doc.start))
      sink.error('START_NOT_ALLOWED', ['start'], `the start step "${doc.start}" is inside a parallel branch`);
  }

  // Reachability from the start.
  const successors = successorMap(doc);
  const reachable = reach(doc.start, successors);
  for (const [id] of stepEntries(doc)) {
    if (!reachable.has(id))
      sink.error('STEP_UNREACHABLE', ['steps', id], `step "${id}" cannot be reached from the start "${doc.start}"`, {
        key: true,
      });
  }

  // Can every step reach an end?
  const finishes = canFinish(doc, branches.memberOf);
  const cycles = stronglyConnected(doc, successors).filter(
    (component) => component.length > 1 || (successors.get(component[0]) ?? []).includes(component[0]),
  );
  const reported = new Set<string>();
  for (const component of cycles) {
    const members = new Set(component);
    if (component.some((id) => finishes.has(id))) continue;
    const exits = component.some((id) => (successors.get(id) ?? []).some((target) => !members.has(target)));
    if (exits) continue;
    const first = [...component].sort()[0];
    sink.error(
      'CYCLE_WITHOUT_EXIT',
      ['steps', first],
      `steps ${component.map((id) => `"${id}"`).join(', ')} form a cycle with no way out`,
      { key: true },
    );
    component.forEach((id) => reported.add(id));
  }
  for (const [id] of stepEntries(doc)) {
    if (!finishes.has(id) && !reported.has(id))
      sink.error('STEP_CANNOT_END', ['steps', id], `from step "${id}" no end step can be reached`, { key: true });
  }

  // Separation of duties: the named step must be a human task that can come before this one.
  for (const [id, step] of stepEntries(doc)) {
    if (step.type !== 'human' || step.notSameActorAs === undefined) continue;
    const list = Array.isArray(step.notSameActorAs) ? step.notSameActorAs : [step.notSameActorAs];
    list.forEach((other, i) => {
      if (!hasStep(doc, other)) return;
      const path = Array.isArray(step.notSameActorAs)
        ? ['steps', id, 'notSameActorAs', i]
        : ['steps', id, 'notSameActorAs'];
      if (doc.steps[other].type !== 'human') {
        sink.error(
          'SOD_STEP_NOT_HUMAN',
          path,
          `"${other}" is a ${doc.steps[other].type} step; separation of duties compares the people who completed human tasks`,
        );
      } else if (!reach(other, successors).has(id) || (other === id && !reachesAgain(id, successors))) {
        sink.warning(
          'SOD_STEP_NEVER_BEFORE',
          path,
          `"${other}" can never be completed before "${id}", so this rule never applies`,
        );
      }
    });
  }
}

/** Step → following steps (branch starts included; "$join" leads to the parallel step's next). */
function successorMap(doc: DefinitionDocument): Map<string, string[]> {
  const branches = analyseBranches(doc);
  const map = new Map<string, string[]>();
  for (const [id, step] of stepEntries(doc)) {
    const targets: string[] = [];
    for (const transition of transitions(id, step)) {
      if (transition.target === JOIN) {
        const membership = branches.memberOf.get(id);
        const parallel = membership ? doc.steps[membership.parallel] : undefined;
        if (parallel?.type === 'parallel' && hasStep(doc, parallel.next)) targets.push(parallel.next);
      } else if (hasStep(doc, transition.target)) {
        targets.push(transition.target);
      }
    }
    map.set(id, targets);
  }
  return map;
}

function reach(from: string, successors: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = successors.has(from) ? [from] : [];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of successors.get(current) ?? []) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

function reachesAgain(id: string, successors: Map<string, string[]>): boolean {
  return (successors.get(id) ?? []).some((next) => reach(next, successors).has(id));
}

/**
 * Which steps can finish: an end finishes; a step finishes when one of its continuations does; a
 * parallel step finishes when enough branches can reach $join (all, any or the quorum) and its `next`
 * finishes. Propagated backwards with a worklist, so it stays linear on long chains.
 */
function canFinish(doc: DefinitionDocument, memberOf: Map<string, { parallel: string; branch: string }>): Set<string> {
  const joinNode = (parallel: string): string => `\u0000join:${parallel}`;
  const predecessors = new Map<string, string[]>();
  const addEdge = (from: string, to: string): void => {
    const list = predecessors.get(to);
    if (list) list.push(from);
    else predecessors.set(to, [from]);
  };
  const queue: string[] = [];
  const done = new Set<string>();
  const finish = (node: string): void => {
    if (done.has(node)) return;
    done.add(node);
    queue.push(node);
  };
  for (const [id, step] of stepEntries(doc)) {
    if (step.type === 'end') finish(id);
    if (step.type === 'parallel') addEdge(joinNode(id), step.next);
    for (const transition of transitions(id, step)) {
      if (transition.target === JOIN) {
        const membership = memberOf.get(id);
        if (membership) addEdge(id, joinNode(membership.parallel));
      } else {
        addEdge(id, transition.target);
      }
    }
  }
  const parallelFinishes = (id: string): boolean => {
    const step = doc.steps[id];
    if (step.type !== 'parallel' || !done.has(step.next)) return false;
    const branchIds = Object.keys(step.branches);
    const reached = branchIds.filter((branchId) => {
      const start = step.branches[branchId].start;
      return done.has(start) && memberOf.get(start)?.parallel === id;
    }).length;
    const needed = step.join === 'all' ? branchIds.length : step.join === 'any' ? 1 : step.join.quorum;
    return reached >= Math.max(1, needed);
  };
  while (queue.length > 0) {
    const node = queue.pop() as string;
    for (const predecessor of predecessors.get(node) ?? []) {
      if (done.has(predecessor)) continue;
      if (predecessor.startsWith('\u0000join:')) finish(predecessor);
      else if (doc.steps[predecessor].type === 'parallel') {
        if (parallelFinishes(predecessor)) finish(predecessor);
      } else finish(predecessor);
    }
  }
  for (const id of [...done]) if (id.startsWith('\u0000')) done.delete(id);
  return done;
}

/** Tarjan's strongly connected components, iterative so long chains cannot overflow the stack. */
function stronglyConnected(doc: DefinitionDocument, successors: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const [root] of stepEntries(doc)) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = successors.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next];
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
