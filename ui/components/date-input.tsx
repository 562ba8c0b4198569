/**
 * A date as three boxes (USWDS memorable date / GOV.UK date input): `<name>-day`, `<name>-month`,
 * `<name>-year`. parseDateParts (ui/server/date-parts.ts) turns them into an ISO date or a message.
 */
import { Fieldset, type FieldProps } from './form-group';

export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

export function DateInput(props: FieldProps & { value?: DateParts }) {
  const { id, name, value = {}, error } = props;
  const part = (key: keyof DateParts, label: string, size: 'day' | 'month' | 'year') => (
    <div class={`usa-form-group usa-form-group--${size}`}>
      <label class="usa-label" for={`${id}-${key}`}>
        {label}
      </label>
      <input
        class={`usa-input${error ? ' usa-input--error' : ''}`}
        id={`${id}-${key}`}
        name={`${name}-${key}`}
        inputMode="numeric"
        maxLength={size === 'year' ? 4 : 2}
        pattern={size === 'year' ? '[0-9]{4}' : '[0-9]{1,2}'}
        value={value[key] ?? ''}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
  return (
    <Fieldset {...props}>
      <div class="usa-memorable-date">
        {part('day', 'Day', 'day')}
        {part('month', 'Month', 'month')}
        {part('year', 'Year', 'year')}
      </div>
    </Fieldset>
  );
}
