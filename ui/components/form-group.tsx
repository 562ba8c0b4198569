/**
 * The frame every single field shares: label, hint and error beside the field, and the ids that
 * tie them together (aria-describedby). Field components below use it; they take plain data.
 */
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { FormWordsContext } from './form-words';

export interface FieldProps {
  /** Also the element id (error summary links point here). */
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

/** The aria-describedby value for a field: its hint and error ids. */
export function describedBy(props: Pick<FieldProps, 'id' | 'hint' | 'error'>): string | undefined {
  const ids = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter((id) => id !== '');
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function HintAndError({ id, hint, error }: Pick<FieldProps, 'id' | 'hint' | 'error'>) {
  const words = useContext(FormWordsContext);
  return (
    <>
      {hint ? (
        <div class="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span class="usa-error-message" id={`${id}-error`}>
          <span class="usa-sr-only">{words.errorPrefix}</span>
          {error}
        </span>
      ) : null}
    </>
  );
}

export function FormGroup({
  id,
  label,
  hint,
  error,
  required,
  children,
}: FieldProps & { children: ComponentChildren }) {
  const words = useContext(FormWordsContext);
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={id}>
        {label}
        {required ? null : <span class="cf-optional">{words.optional}</span>}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** A group of inputs (radios, checkboxes, date parts) under one legend. */
export function Fieldset({
  id,
  label,
  hint,
  error,
  required,
  children,
}: Omit<FieldProps, 'name'> & { children: ComponentChildren }) {
  const words = useContext(FormWordsContext);
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id={id} aria-describedby={describedBy({ id, hint, error })}>
        <legend class="usa-legend">
          {label}
          {required ? null : <span class="cf-optional">{words.optional}</span>}
        </legend>
        <HintAndError id={id} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}
