/**
 * The process as a picture: an SVG of the laid-out steps (title, role, department, SLA) and the ways
 * between them. Each box links to its line in the editor (the studio island moves the cursor there).
 * The SVG is a labelled group of step links; the outline beside it carries the same facts as text.
 */
import type { PlacedGraph } from '../studio/diagram-layout';
import { NODE_HEIGHT, NODE_WIDTH } from '../studio/diagram-layout';
import type { ProcessGraph } from '../studio/process-graph';

export interface ProcessDiagramProps {
  title: string;
  graph: ProcessGraph;
  placed: PlacedGraph;
  lines: Readonly<Record<string, number>>;
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function ProcessDiagram({ title, graph, placed, lines }: ProcessDiagramProps) {
  return (
    <div class="cf-diagram" tabindex={0} role="region" aria-label={`Diagram of ${title} (scrollable)`}>
      <svg
        class="cf-diagram__svg"
        width={placed.width}
        height={placed.height}
        viewBox={`0 0 ${placed.width} ${placed.height}`}
        role="group"
        aria-label={`Diagram of ${title}: ${graph.nodes.length} steps. The step outline lists the same steps as text.`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <defs>
          <marker
            id="cf-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" class="cf-diagram__arrow" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const points = placed.edges[edge.id] ?? [];
          return points.length > 1 ? (
            <polyline
              key={edge.id}
              class="cf-diagram__edge"
              points={points.map((p) => `${p.x},${p.y}`).join(' ')}
              marker-end="url(#cf-arrow)"
            />
          ) : null;
        })}
        {graph.nodes.map((node) => {
          const at = placed.nodes[node.id];
          if (!at) return null;
          const line = lines[node.id];
          const detail = [node.role, node.department].filter(Boolean).join(' · ');
          return (
            <a
              key={node.id}
              href={line ? `#source` : `#outline-${node.id}`}
              data-line={line}
              class="cf-diagram__step"
              aria-label={`${node.title} (${node.type} step${line ? `, line ${line}` : ''})`}
            >
              <rect
                x={at.x}
                y={at.y}
                width={NODE_WIDTH}
                height={NODE_HEIGHT}
                rx={node.type === 'end' ? 30 : 4}
                class={`cf-diagram__box cf-diagram__box--${node.type}${node.id === graph.start ? ' cf-diagram__box--start' : ''}`}
              />
              <text x={at.x + 10} y={at.y + 22} class="cf-diagram__title">
                {clip(node.title, 30)}
              </text>
              <text x={at.x + 10} y={at.y + 44} class="cf-diagram__detail">
                {clip(`${node.type}${detail ? ` · ${detail}` : ''}`, 36)}
              </text>
              {node.sla ? (
                <text x={at.x + 10} y={at.y + 66} class="cf-diagram__detail">
                  {clip(`SLA ${node.sla}`, 36)}
                </text>
              ) : null}
            </a>
          );
        })}
      </svg>
    </div>
  );
}
