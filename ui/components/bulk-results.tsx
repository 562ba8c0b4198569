/** What a bulk claim or release did, one line per selected case (shown after the redirect). */
export interface BulkResultLine {
  trackingNumber: string;
  done: boolean;
  text: string;
}

export function BulkResults({
  action,
  lines,
  heading,
}: {
  action: string;
  lines: readonly BulkResultLine[];
  heading?: string;
}) {
  if (lines.length === 0) return null;
  const refused = lines.filter((line) => !line.done).length;
  return (
    <div
      class={`usa-alert usa-alert--${refused === 0 ? 'success' : 'warning'} usa-alert--slim`}
      id="bulk-results"
      tabindex={-1}
      autofocus
      aria-labelledby="bulk-results-title"
    >
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="bulk-results-title">
          {heading ?? (action === 'release' ? 'Release' : 'Claim')}: {lines.length - refused} done, {refused} refused
        </h2>
        <ul class="usa-list" aria-label="Result per case">
          {lines.map((line) => (
            <li key={line.trackingNumber}>
              {line.trackingNumber}: {line.text}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
