/** One file input with its label, "(optional)" mark, hint and error beside it (a multipart form's field). */
import { errorFor, type FieldError } from './error-summary';

export function FileField(props: { id: string; label: string; optional: string; hint: string; errors: FieldError[] }) {
  const error = errorFor(props.errors, props.id);
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class="usa-label" for={props.id}>
        {props.label}
        <span class="cf-optional">{props.optional}</span>
      </label>
      <div class="usa-hint" id={`${props.id}-hint`}>
        {props.hint}
      </div>
      {error ? (
        <span class="usa-error-message" id={`${props.id}-error`}>
          {error}
        </span>
      ) : null}
      <input
        class="usa-input"
        id={props.id}
        name={props.id}
        type="file"
        aria-describedby={error ? `${props.id}-hint ${props.id}-error` : `${props.id}-hint`}
      />
    </div>
  );
}
