/** One row of a summary list (`<dl class="cf-summary-list">`). */
import type { ComponentChildren } from 'preact';

export function SummaryRow({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
