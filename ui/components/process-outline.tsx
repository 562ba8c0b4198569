/** The process as text, for screen readers and as a summary: every step, who does it, its SLA and ways on. */
import type { ProcessGraph } from '../studio/process-graph';

export function ProcessOutline({ graph, lines }: { graph: ProcessGraph; lines: Readonly<Record<string, number>> }) {
  const titles = Object.fromEntries(graph.nodes.map((node) => [node.id, node.title]));
  return (
    <ol class="cf-outline" aria-label="Step outline">
      {graph.nodes.map((node) => (
        <li key={node.id} id={`outline-${node.id}`}>
          <strong>{node.title}</strong> ({node.type}
          {node.id === graph.start ? ', first step' : ''}
          {lines[node.id] ? `, line ${lines[node.id]}` : ''})
          {node.role || node.department || node.sla ? (
            <span>
              {' '}
              —{' '}
              {[
                node.role ? `role ${node.role}` : '',
                node.department ? `department ${node.department}` : '',
                node.sla ? `SLA ${node.sla}` : '',
              ]
                .filter(Boolean)
                .join(', ')}
            </span>
          ) : null}
          {graph.edges.some((edge) => edge.from === node.id) ? (
            <ul>
              {graph.edges
                .filter((edge) => edge.from === node.id)
                .map((edge) => (
                  <li key={edge.id}>
                    {edge.label} → {titles[edge.to] ?? edge.to}
                  </li>
                ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
