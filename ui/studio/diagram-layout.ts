/**
 * Lays the process graph out with ELK (layered, top to bottom) on the server: positions for every
 * step box and the bend points of every edge, ready to draw as SVG. No layout is done by hand.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ProcessGraph } from './process-graph';

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 84;

export interface Point {
  x: number;
  y: number;
}

export interface PlacedGraph {
  width: number;
  height: number;
  nodes: Record<string, Point>;
  edges: Record<string, Point[]>;
}

const elk = new ELK();

export async function layoutProcess(graph: ProcessGraph): Promise<PlacedGraph> {
  const input: ElkNode = {
    id: 'process',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '32',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  };
  const laid: ElkNode = await elk.layout(input);
  const nodes: Record<string, Point> = {};
  for (const child of laid.children ?? []) nodes[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  const edges: Record<string, Point[]> = {};
  for (const edge of laid.edges ?? []) {
    edges[edge.id] = (edge.sections ?? []).flatMap((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
  }
  return { width: laid.width ?? 0, height: laid.height ?? 0, nodes, edges };
}
