/**
 * GOV.UK error summary: at the top of the page, lists each problem as a link to its field, and takes
 * focus when the page loads (the `autofocus` attribute: no script, so it works under the nonce CSP)
 * so screen-reader and keyboard users land on it.
 */
import { useContext } from 'preact/hooks';
import { FormWordsContext } from './form-words';

export interface FieldError {
  /** The id of the field the message belongs to (the link target). */
  field: string;
  message: string;
}

export function ErrorSummary({ errors }: { errors: readonly FieldError[] }) {
  const words = useContext(FormWordsContext);
  if (errors.length === 0) return null;
  return (
    <div
      class="usa-alert usa-alert--error cf-error-summary"
      id="error-summary"
      tabindex={-1}
      autofocus
      aria-labelledby="error-summary-title"
    >
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="error-summary-title">
          {words.errorHeading}
        </h2>
        <ul class="usa-list">
          {errors.map((error) => (
            <li key={error.field}>
              <a href={`#${error.field}`}>{error.message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The message for one field, if any (fields show their own error beside them). */
export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((error) => error.field === field)?.message;
}
