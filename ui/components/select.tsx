/** A drop-down choice with label, hint and error beside it. */
import { describedBy, FormGroup, type FieldProps } from './form-group';

export interface Choice {
  value: string;
  label: string;
}

export function Select(props: FieldProps & { options: readonly Choice[]; value?: string; placeholder?: string }) {
  const { id, name, value, error, required, options, placeholder = '- Select -' } = props;
  return (
    <FormGroup {...props}>
      <select
        class={`usa-select${error ? ' usa-input--error' : ''}`}
        id={id}
        name={name}
        required={required}
        aria-describedby={describedBy(props)}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
