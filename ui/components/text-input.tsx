/** A single-line text field with label, hint and error beside it. */
import { describedBy, FormGroup, type FieldProps } from './form-group';

export interface TextInputProps extends FieldProps {
  value?: string;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'url';
  autocomplete?: string;
  /** Characters expected, for the width of the box (USWDS input widths). */
  width?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  spellcheck?: boolean;
}

export function TextInput(props: TextInputProps) {
  const { id, name, value, type = 'text', autocomplete, error, required, width, spellcheck } = props;
  return (
    <FormGroup {...props}>
      <input
        class={`usa-input${width ? ` usa-input--${width}` : ''}${error ? ' usa-input--error' : ''}`}
        id={id}
        name={name}
        // preact types each input type separately, so tsc needs the assertion (the props already limit `type`
        // to text-like ones); the lint rule misreads the discriminated attribute union as accepting the union.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={type as 'text'}
        value={value ?? ''}
        autocomplete={autocomplete}
        required={required}
        spellcheck={spellcheck}
        aria-describedby={describedBy(props)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FormGroup>
  );
}
