/** A multi-line text field with label, hint and error beside it. */
import { describedBy, FormGroup, type FieldProps } from './form-group';

export function Textarea(props: FieldProps & { value?: string; rows?: number }) {
  const { id, name, value, error, required, rows = 5 } = props;
  return (
    <FormGroup {...props}>
      <textarea
        class={`usa-textarea${error ? ' usa-input--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        required={required}
        aria-describedby={describedBy(props)}
        aria-invalid={error ? 'true' : undefined}
      >
        {value ?? ''}
      </textarea>
    </FormGroup>
  );
}
