/** The definition's test scenarios as run by the interpreter with time skipped: pass/fail and each timeline. */
import type { ScenarioResult } from '../../api/services/definition-service';

export function ScenarioResults({ results }: { results: readonly ScenarioResult[] }) {
  const passed = results.filter((r) => r.passed).length;
  return (
    <section aria-labelledby="scenarios-title" class="cf-scenarios">
      <h2 id="scenarios-title">Scenarios</h2>
      <p role="status">
        {results.length === 0
          ? 'The definition has no scenarios.'
          : `${passed} of ${results.length} scenario(s) passed.`}
      </p>
      {results.map((result, index) => (
        <details key={result.name} open={!result.passed}>
          <summary>
            <span class={result.passed ? 'cf-scenario--pass' : 'cf-scenario--fail'}>
              {result.passed ? 'Passed' : 'Failed'}
            </span>
            : {result.name}
          </summary>
          {result.description ? <p>{result.description}</p> : null}
          {result.failures.length > 0 ? (
            <ul class="usa-list" aria-label={`Why scenario ${index + 1} failed`}>
              {result.failures.map((failure) => (
                <li key={failure}>{failure}</li>
              ))}
            </ul>
          ) : null}
          <ol class="cf-scenario-timeline">
            {result.timeline.map((item, line) => (
              <li key={line}>
                <span class="cf-diagnostic__where">{item.at}</span> {item.text}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}
