/** A short message at the top of a page: information, success or warning (not for form errors). */
import type { ComponentChildren } from 'preact';

export function Notice({
  kind = 'info',
  heading,
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  heading?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`usa-alert usa-alert--${kind} usa-alert--slim`}>
      <div class="usa-alert__body">
        {heading ? <h2 class="usa-alert__heading">{heading}</h2> : null}
        <p class="usa-alert__text">{children}</p>
      </div>
    </div>
  );
}
