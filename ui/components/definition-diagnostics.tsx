/**
 * The validator's problems as a list (code, message, line:column), the same as `civicflow validate`.
 * The editor island replaces the list's items as you type; without JavaScript the page shows the
 * problems of the last check.
 */
import type { DefinitionProblem } from '../../domain/errors';

export function DefinitionDiagnostics({
  problems,
  checked,
}: {
  problems: readonly DefinitionProblem[];
  checked: boolean;
}) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section aria-labelledby="diagnostics-title" class="cf-diagnostics">
      <h2 id="diagnostics-title">Problems</h2>
      <p id="diagnostics-summary" role="status">
        {checked
          ? problems.length === 0
            ? 'No problems found.'
            : `${errors} error(s), ${problems.length - errors} warning(s).`
          : 'Not checked yet.'}
      </p>
      <ul id="diagnostics-list" class="usa-list">
        {problems.map((p, index) => (
          <li key={index} class={`cf-diagnostic cf-diagnostic--${p.severity}`}>
            <span class="cf-diagnostic__where">{`${p.line}:${p.col}`}</span> {p.severity} <code>{p.code}</code>:{' '}
            {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
