/**
 * The process as a picture: laid out by ELK and drawn for every shipped definition and for a
 * generated 200-step one; the outline lists every step; each step's box knows its YAML line.
 */
import { render } from 'preact-render-to-string';
import { h } from 'preact';
import type { CompiledDefinition } from '../../domain/definition';
import { ProcessDiagram } from '../../ui/components/process-diagram';
import { ProcessOutline } from '../../ui/components/process-outline';
import { layoutProcess } from '../../ui/studio/diagram-layout';
import { processGraph } from '../../ui/studio/process-graph';
import { stepLines } from '../../ui/studio/step-lines';
import { shippedDefinition } from '../case/support/case-harness';
import { BUILDING_PERMIT_SOURCE } from '../support/building-permit-versions';

async function draw(definition: CompiledDefinition, lines: Record<string, number> = {}) {
  const graph = processGraph(definition);
  const placed = await layoutProcess(graph);
  return {
    graph,
    placed,
    svg: render(h(ProcessDiagram, { title: definition.title, graph, placed, lines })),
    outline: render(h(ProcessOutline, { graph, lines })),
  };
}

describe('the process diagram', () => {
  for (const id of ['building-permit', 'service-complaint', 'benefit-application'] as const) {
    it(`draws every step of ${id} and lists each in the outline`, async () => {
      const definition = shippedDefinition(id);
      const { graph, placed, svg, outline } = await draw(definition);
      expect(graph.nodes.map((n) => n.id).sort()).toEqual(Object.keys(definition.steps).sort());
      for (const node of graph.nodes) {
        expect(placed.nodes[node.id]).toBeDefined();
        expect(outline).toContain(`id="outline-${node.id}"`);
      }
      expect((svg.match(/<rect /g) ?? []).length).toBe(graph.nodes.length);
      expect(graph.edges.length).toBeGreaterThan(0);
      expect(graph.edges.every((edge) => (placed.edges[edge.id]?.length ?? 0) >= 2)).toBe(true);
    });
  }

  it('lays out a generated 200-step process', async () => {
    const base = shippedDefinition('service-complaint');
    const human = Object.values(base.steps).find((step) => step.type === 'human');
    if (!human || human.type !== 'human') throw new Error('no human step');
    const steps: Record<string, CompiledDefinition['steps'][string]> = {};
    for (let i = 0; i < 199; i += 1) {
      const next = i === 198 ? 'done' : `s${i + 1}`;
      steps[`s${i}`] = {
        ...human,
        id: `s${i}`,
        title: `Step ${i}`,
        actions: {
          go: { id: 'go', label: 'Go', requires: [], set: {}, requiresComment: false, next },
          ...(i % 10 === 0 && i + 5 < 199
            ? { skip: { id: 'skip', label: 'Skip', requires: [], set: {}, requiresComment: false, next: `s${i + 5}` } }
            : {}),
        },
      };
    }
    steps.done = { id: 'done', title: 'Done', type: 'end', outcome: 'x', retention: 'x' };
    const { graph, outline } = await draw({ ...base, start: 's0', steps, branchOf: {} });
    expect(graph.nodes).toHaveLength(200);
    expect((outline.match(/id="outline-/g) ?? []).length).toBe(200);
  }, 60_000);

  it('finds the YAML line of each step so a box can jump to it', () => {
    const lines = stepLines(BUILDING_PERMIT_SOURCE);
    const sourceLines = BUILDING_PERMIT_SOURCE.split('\n');
    expect(sourceLines[(lines['intake-review'] ?? 0) - 1]).toBe('  intake-review:');
    expect(sourceLines[(lines['awaiting-applicant'] ?? 0) - 1]).toBe('  awaiting-applicant:');
  });
});
