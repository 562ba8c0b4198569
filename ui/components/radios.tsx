/** One choice among a few, shown as radio buttons under a legend. */
import { Fieldset, type FieldProps } from './form-group';
import type { Choice } from './select';

export function Radios(props: FieldProps & { options: readonly Choice[]; value?: string }) {
  const { id, name, options, value, required } = props;
  return (
    <Fieldset {...props}>
      {options.map((option, index) => (
        <div class="usa-radio" key={option.value}>
          <input
            class="usa-radio__input"
            id={`${id}-${index}`}
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            required={required}
          />
          <label class="usa-radio__label" for={`${id}-${index}`}>
            {option.label}
          </label>
        </div>
      ))}
    </Fieldset>
  );
}
