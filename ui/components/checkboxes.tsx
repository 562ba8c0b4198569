/** Any number of choices, shown as checkboxes under a legend (posted as repeated `name` fields). */
import { Fieldset, type FieldProps } from './form-group';
import type { Choice } from './select';

export function Checkboxes(props: FieldProps & { options: readonly Choice[]; values?: readonly string[] }) {
  const { id, name, options, values = [] } = props;
  return (
    <Fieldset {...props}>
      {options.map((option, index) => (
        <div class="usa-checkbox" key={option.value}>
          <input
            class="usa-checkbox__input"
            id={`${id}-${index}`}
            type="checkbox"
            name={name}
            value={option.value}
            checked={values.includes(option.value)}
          />
          <label class="usa-checkbox__label" for={`${id}-${index}`}>
            {option.label}
          </label>
        </div>
      ))}
    </Fieldset>
  );
}
