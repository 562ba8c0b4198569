/** A service's call script beside the intake form: the questions the agent asks, in order. */
export function CallScript({ questions }: { questions: readonly string[] }) {
  return (
    <aside class="cf-call-script" aria-labelledby="call-script-title">
      <h2 id="call-script-title">Questions to ask</h2>
      <ol class="usa-list">
        {questions.map((question, index) => (
          <li key={index}>{question}</li>
        ))}
      </ol>
    </aside>
  );
}
