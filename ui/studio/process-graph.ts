/**
 * A compiled definition as a graph for the diagram and the outline: one node per step (with role,
 * department and SLA in words) and one edge per way out (actions, choices, events, timeouts,
 * branches, joins, failure paths). Pure.
 */
import type { CompiledDefinition, CompiledSla, CompiledStep } from '../../domain/definition';

export interface GraphNode {
  id: string;
  title: string;
  type: CompiledStep['type'];
  role?: string;
  department?: string;
  sla?: string;
  /** The parallel step whose branch this step belongs to. */
  branchOf?: string;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  label: string;
}

export interface ProcessGraph {
  start: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function slaWords(sla: CompiledSla): string | undefined {
  if (sla.kind === 'none') return undefined;
  const variants =
    sla.variants.length > 0 ? ` (${sla.variants.length} variant${sla.variants.length === 1 ? '' : 's'})` : '';
  return `${sla.due.source}${variants}`;
}

function ways(step: CompiledStep): { to: string; label: string }[] {
  switch (step.type) {
    case 'human':
      return Object.values(step.actions).map((action) => ({ to: action.next, label: action.label }));
    case 'choice':
      return [
        ...step.choices.map((choice) => ({ to: choice.next, label: choice.when.source })),
        { to: step.default, label: 'otherwise' },
      ];
    case 'parallel':
      return [
        ...Object.values(step.branches).map((branch) => ({ to: branch.start, label: `branch: ${branch.title}` })),
        { to: step.next, label: `join (${step.join.kind})` },
      ];
    case 'wait':
      return [
        ...step.on.map((on) => ({ to: on.next, label: `on ${on.event}` })),
        ...(step.timeout ? [{ to: step.timeout.next, label: `after ${step.timeout.after.source}` }] : []),
      ];
    case 'automated':
      return [
        { to: step.next, label: 'done' },
        ...(step.onFailure ? [{ to: step.onFailure, label: 'on failure' }] : []),
      ];
    case 'end':
      return step.reopen ? [{ to: step.reopen.next, label: `reopen within ${step.reopen.within.source}` }] : [];
  }
}

export function processGraph(definition: CompiledDefinition): ProcessGraph {
  const nodes: GraphNode[] = Object.values(definition.steps).map((step) => {
    const sla = 'sla' in step ? slaWords(step.sla) : undefined;
    const role = 'role' in step ? step.role : undefined;
    const department = 'department' in step ? step.department : undefined;
    const branch = definition.branchOf[step.id];
    return {
      id: step.id,
      title: step.title,
      type: step.type,
      ...(role ? { role } : {}),
      ...(department ? { department } : {}),
      ...(sla ? { sla } : {}),
      ...(branch ? { branchOf: branch.parallel } : {}),
    };
  });
  const edges = Object.values(definition.steps).flatMap((step) =>
    ways(step)
      .filter((way) => definition.steps[way.to])
      .map((way, index) => ({ id: `${step.id}->${way.to}#${index}`, from: step.id, to: way.to, label: way.label })),
  );
  return { start: definition.start, nodes, edges };
}
